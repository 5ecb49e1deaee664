#pragma once

#include <cstdint>
#include <string>

namespace berth::runtime {

struct BlockIoBytes {
  std::uint64_t read = 0;
  std::uint64_t write = 0;
};

// v1 blkio.throttle.io_service_bytes: "MAJ:MIN Read N" and "MAJ:MIN Write N" lines
// per device, summed over devices (the "Total" lines are left out).
BlockIoBytes parse_blkio_service_bytes(const std::string& text);

// v2 io.stat: "MAJ:MIN rbytes=N wbytes=N rios=N ..." per device, summed over devices.
BlockIoBytes parse_io_stat(const std::string& text);

}  // namespace berth::runtime

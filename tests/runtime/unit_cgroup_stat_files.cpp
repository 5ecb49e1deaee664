#include <gtest/gtest.h>

#include "runtime/cgroup_stat_files.h"

namespace berth::runtime {
namespace {

TEST(CgroupStatFiles, SumsV1BlkioBytesOverDevices) {
  auto io = parse_blkio_service_bytes(
      "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 12288\n8:0 Async 0\n8:0 Discard 0\n"
      "8:0 Total 12288\n8:16 Read 100\n8:16 Write 1\nTotal 12389\n");
  EXPECT_EQ(io.read, 4196u);
  EXPECT_EQ(io.write, 8193u);
  auto empty = parse_blkio_service_bytes("Total 0\n");
  EXPECT_EQ(empty.read, 0u);
  EXPECT_EQ(empty.write, 0u);
}

TEST(CgroupStatFiles, SumsV2IoStatOverDevices) {
  auto io = parse_io_stat(
      "8:0 rbytes=1024 wbytes=2048 rios=1 wios=2 dbytes=0 dios=0\n"
      "254:1 rbytes=10 wbytes=20 rios=1 wios=1 dbytes=0 dios=0\n");
  EXPECT_EQ(io.read, 1034u);
  EXPECT_EQ(io.write, 2068u);
}

}  // namespace
}  // namespace berth::runtime

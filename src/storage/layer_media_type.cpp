#include "storage/layer_media_type.h"

#include <fcntl.h>
#include <unistd.h>

#include "storage/descriptor.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::storage {

std::string layer_media_type(const std::filesystem::path& blob) {
  UniqueFd fd(::open(blob.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno("opening", blob.string());
  unsigned char magic[4] = {};
  if (::read(fd.get(), magic, sizeof magic) < 0) throw_errno("reading", blob.string());
  if (magic[0] == 0x1f && magic[1] == 0x8b) return media_type::kOciLayerGzip;
  if (magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
    return media_type::kOciLayerZstd;
  return media_type::kOciLayer;
}

}  // namespace berth::storage

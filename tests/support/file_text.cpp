#include "support/file_text.h"

#include <fstream>
#include <sstream>

namespace berth::testing {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace berth::testing

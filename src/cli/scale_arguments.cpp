#include "cli/scale_arguments.h"

#include "util/error.h"

namespace berth::cli {

std::map<std::string, int> parse_scale(const std::vector<std::string>& entries,
                                       const std::string& what) {
  std::map<std::string, int> scale;
  for (const auto& entry : entries) {
    auto equals = entry.find('=');
    size_t digits = 0;
    int replicas = -1;
    try {
      if (equals != std::string::npos) replicas = std::stoi(entry.substr(equals + 1), &digits);
    } catch (const std::exception&) {
    }
    if (equals == 0 || replicas < 0 || equals + 1 + digits != entry.size())
      throw Error(what + " expects SERVICE=N with N a whole number from 0", entry);
    scale[entry.substr(0, equals)] = replicas;
  }
  return scale;
}

}  // namespace berth::cli

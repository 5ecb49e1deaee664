#include "support/process_parent.h"

#include <sstream>
#include <string>

#include "support/file_text.h"

namespace berth::testing {

std::optional<pid_t> parent_of(pid_t pid) {
  auto text = read_file("/proc/" + std::to_string(pid) + "/stat");
  // The command name in parentheses may hold spaces and parentheses itself.
  auto after_name = text.rfind(") ");
  if (after_name == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(after_name + 2));
  char state;
  pid_t parent = 0;
  if (!(fields >> state >> parent)) return std::nullopt;
  return parent;
}

}  // namespace berth::testing

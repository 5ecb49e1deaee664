#include "spec/errors.h"

#include "util/error.h"

namespace berth::spec {

std::string describe_at(const Mark& mark, const std::string& path, const std::string& message) {
  std::string text = mark.str();
  if (!path.empty()) text += (text.empty() ? "" : ": ") + path;
  return text.empty() ? message : text + ": " + message;
}

void fail_at(const Mark& mark, const std::string& path, const std::string& message) {
  throw Error(describe_at(mark, path, message));
}

}  // namespace berth::spec

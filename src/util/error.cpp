#include "util/error.h"

#include <cerrno>
#include <cstring>

namespace berth {

Error::Error(std::string what, std::string object, int errno_value)
    : std::runtime_error(compose(what, object, errno_value)),
      action_(std::move(what)),
      object_(std::move(object)),
      errno_value_(errno_value) {}

Error::Error(std::string message, std::string action, std::string object, int errno_value)
    : std::runtime_error(std::move(message)),
      action_(std::move(action)),
      object_(std::move(object)),
      errno_value_(errno_value) {}

std::string Error::compose(const std::string& what, const std::string& object, int errno_value) {
  std::string message = what;
  if (!object.empty()) message += " '" + object + "'";
  if (errno_value != 0) message += std::string(": ") + std::strerror(errno_value);
  return message;
}

Error Error::with_context(const std::string& context) const {
  return Error(context + ": " + what(), action_, object_, errno_value_);
}

void throw_errno(const std::string& what, const std::string& object) {
  throw_errno(errno, what, object);
}

void throw_errno(int errno_value, const std::string& what, const std::string& object) {
  throw Error(what, object, errno_value);
}

}  // namespace berth

#pragma once

#include <stdexcept>
#include <string>

namespace berth {

// The one error type of berth: what failed, on which object, and the errno text
// when the kernel said no. Layers add context as it travels up; main prints it.
class Error : public std::runtime_error {
 public:
  Error(std::string what, std::string object = {}, int errno_value = 0);

  const std::string& action() const { return action_; }
  const std::string& object() const { return object_; }
  int errno_value() const { return errno_value_; }

  // Returns a copy whose message is prefixed with an outer context, e.g.
  // "starting service web: " + inner message.
  Error with_context(const std::string& context) const;

 private:
  Error(std::string message, std::string action, std::string object, int errno_value);
  static std::string compose(const std::string& what, const std::string& object, int errno_value);

  std::string action_;
  std::string object_;
  int errno_value_;
};

// Builds an Error from the current errno, for a failed system call.
[[noreturn]] void throw_errno(const std::string& what, const std::string& object = {});
[[noreturn]] void throw_errno(int errno_value, const std::string& what,
                              const std::string& object = {});

}  // namespace berth

#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace berth::engine {

// How long each phase of a command took, in the order they ran (`up --timings`).
class PhaseTimings {
 public:
  struct Phase {
    std::string name;
    std::chrono::microseconds duration;
  };

  // Ends the running phase under `name` and starts the next one.
  void finish(const std::string& name) {
    auto now = std::chrono::steady_clock::now();
    phases_.push_back({name, std::chrono::duration_cast<std::chrono::microseconds>(now - start_)});
    start_ = now;
  }
  const std::vector<Phase>& phases() const { return phases_; }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::vector<Phase> phases_;
};

}  // namespace berth::engine

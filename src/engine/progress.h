#pragma once

#include <functional>
#include <string>

namespace berth::engine {

enum class ProgressState { working, done, failed, warning };

// One change of one object, as `up`/`down` report it ("Container shop-web-1 Started").
struct ProgressEvent {
  std::string kind;    // Container, Network, Volume, Image
  std::string name;    // the object's name
  std::string status;  // Creating, Created, Starting, Started, Healthy, Stopping, Removed ...
  ProgressState state = ProgressState::working;
  std::string detail;  // the error or warning text
};

// Where the engine sends progress; called from worker threads.
using ProgressSink = std::function<void(const ProgressEvent&)>;

}  // namespace berth::engine

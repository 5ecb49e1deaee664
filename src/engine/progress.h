#pragma once

#include <functional>
#include <string>

namespace berth::engine {

enum class ProgressState { working, done, failed, warning };

// One change of one object, as `up`/`down` report it ("Container shop-web-1 Started").
struct ProgressEvent {
  std::string kind;    // Container, Network, Volume, Image, Layer (of an image being pulled)
  std::string name;    // the object's name
  std::string status;  // Creating, Created, Starting, Started, Healthy, Stopping, Removed ...
  ProgressState state = ProgressState::working;
  std::string detail;  // the error or warning text, or how far a download is
  // Only the detail moved on (bytes downloaded): a terminal redraws the line,
  // line-per-change output leaves it out.
  bool transient = false;
};

// Where the engine sends progress; called from worker threads.
using ProgressSink = std::function<void(const ProgressEvent&)>;

}  // namespace berth::engine

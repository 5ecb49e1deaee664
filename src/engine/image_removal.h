#pragma once

#include <string>
#include <vector>

#include "engine/engine_context.h"

namespace berth::engine {

// `berth image rm NAME`: untags the name, or deletes the image when that was its
// last name or NAME is its id. Deleting is refused while a container uses the
// image, unless `force`, and even then while one of them runs: its root
// filesystem is made of the image's layers. Returns the ids deleted.
std::vector<std::string> remove_image(EngineContext& context, const std::string& name, bool force);

}  // namespace berth::engine

#include "engine/image_removal.h"

#include <algorithm>

#include "engine/container_lifecycle.h"
#include "storage/image_reference.h"
#include "util/error.h"

namespace berth::engine {

namespace {
// Whether removing `name` deletes the image rather than untagging one of its names.
bool removal_deletes(const storage::Image& image, const std::string& name) {
  if (image.names.size() <= 1) return true;
  try {
    auto canonical = storage::parse_image_reference(name).canonical();
    return std::find(image.names.begin(), image.names.end(), canonical) == image.names.end();
  } catch (const Error&) {
    return true;  // not a name: an id
  }
}
}  // namespace

std::vector<std::string> remove_image(EngineContext& context, const std::string& name, bool force) {
  auto image = context.images.find(name);
  if (image && removal_deletes(*image, name)) {
    for (const auto& container : context.containers.all()) {
      if (container.image_id != image->id) continue;
      if (is_running(container_status(context, container.name)))
        throw Error(
            "image is used by running container " + container.name + " (stop and remove it first)",
            name);
      if (!force)
        throw Error(
            "image is used by container " + container.name + " (remove it first, or use -f)", name);
    }
  }
  return context.images.remove(name, force);
}

}  // namespace berth::engine

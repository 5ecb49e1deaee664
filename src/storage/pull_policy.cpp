#include "storage/pull_policy.h"

#include <string>

#include "util/error.h"

namespace berth::storage {

PullPolicy parse_pull_policy(std::string_view text) {
  if (text == "always") return PullPolicy::always;
  if (text == "missing" || text == "if_not_present" || text.empty()) return PullPolicy::missing;
  if (text == "never") return PullPolicy::never;
  throw Error("unsupported pull_policy (always, missing, if_not_present, never)",
              std::string(text));
}

Image provide_image(ImageStore& images, std::string_view image, PullPolicy policy,
                    const PullOptions& options) {
  if (policy != PullPolicy::always)
    if (auto found = images.find(image)) return *found;
  if (policy == PullPolicy::never)
    throw Error("image is not in the store and pull_policy is never", std::string(image));
  return pull_image(images, parse_image_reference(image), options);
}

}  // namespace berth::storage

#pragma once

#include <string_view>

#include "storage/image_puller.h"
#include "storage/image_store.h"

namespace berth::storage {

// compose's pull_policy: always, missing (also if_not_present, the default),
// never. "build" is not an image policy and is rejected here.
enum class PullPolicy { always, missing, never };

PullPolicy parse_pull_policy(std::string_view text);

// The image a service runs, as the engine asks for it: taken from the store or
// pulled as the policy says. `never` with the image absent fails naming it.
Image provide_image(ImageStore& images, std::string_view image, PullPolicy policy,
                    const PullOptions& options = {});

}  // namespace berth::storage

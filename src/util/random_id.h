#pragma once

#include <string>

namespace berth {

// 64 random hex digits, the shape of a docker container id (and of compose's
// one-off slug, which is made the same way).
std::string random_id();

}  // namespace berth

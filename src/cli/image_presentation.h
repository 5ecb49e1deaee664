#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "storage/image_store.h"

// How images look to users of the image verbs: docker's table columns and JSON.
namespace berth::cli {

struct RepositoryTag {
  std::string repository;  // familiar form: "busybox", "localhost:5000/app"
  std::string tag;
};

RepositoryTag split_name(const std::string& canonical_name);
nlohmann::json image_inspect_json(const storage::Image& image);

}  // namespace berth::cli

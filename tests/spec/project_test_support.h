#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "spec/project.h"

namespace berth::spec::testing {

// A scratch project directory removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    char pattern[] = "/tmp/berth-spec-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    auto file = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline Project load_text(const ScratchDir& dir, const std::string& text,
                         ProjectOptions options = {}) {
  options.files = {dir.write("compose.yaml", text)};
  if (!options.environment) options.environment = Environment{};
  return load_project(options);
}

}  // namespace berth::spec::testing

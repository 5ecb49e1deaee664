#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "spec/dotenv.h"
#include "spec/graph.h"
#include "spec/interpolation.h"
#include "spec/json_output.h"
#include "spec/project.h"
#include "util/error.h"

// libFuzzer target for the stack-file loader and the interpolator. An input is
// a stack file, optionally followed by a NUL byte and the project's .env. Each
// input goes through the interpolator (and the variable finder of `config
// --variables`), the dotenv parser and the whole loader (and, when it loads,
// every output of the model). Rejecting an input with berth::Error is the
// expected way to fail; any other exception escapes and is reported by
// libFuzzer as a crash, like a sanitizer finding.
namespace berth::spec {
namespace {

namespace fs = std::filesystem;

const Environment kShell = {{"TAG", "1.0"}, {"EMPTY", ""}, {"PORT", "8080"}, {"HOME", "/root"}};

std::optional<std::string> shell_value(const std::string& name) {
  auto it = kShell.find(name);
  if (it == kShell.end()) return std::nullopt;
  return it->second;
}

// The project directory the loader reads from, made once per fuzzing process.
class ProjectDirectory {
 public:
  ProjectDirectory() {
    char pattern[] = "/tmp/berth-fuzz-XXXXXX";
    if (!::mkdtemp(pattern)) std::abort();
    path_ = pattern;
  }
  ~ProjectDirectory() { fs::remove_all(path_); }

  std::string write(const std::string& stack, const std::string& dotenv) const {
    std::ofstream(path_ / "compose.yaml", std::ios::binary | std::ios::trunc) << stack;
    if (dotenv.empty())
      fs::remove(path_ / ".env");
    else
      std::ofstream(path_ / ".env", std::ios::binary | std::ios::trunc) << dotenv;
    return (path_ / "compose.yaml").string();
  }

 private:
  fs::path path_;
};

void interpolate_text(const std::string& text) {
  std::set<std::string> unset;
  try {
    interpolate(text, shell_value, unset);
  } catch (const std::runtime_error&) {
  }
  try {
    find_variables(Node::scalar(text));
  } catch (const Error&) {
  }
}

void parse_env_text(const std::string& text) {
  try {
    parse_dotenv(text, ".env", shell_value);
  } catch (const Error&) {
  }
}

void use_every_output(const Project& project) {
  json_to_yaml(project_to_json(project));
  for (const auto& [name, service] : project.services) config_hash(service);
  DependencyGraph graph(project);
  graph.to_dot(project.name);
  graph.to_mermaid();
}

void load_stack(const std::string& stack, const std::string& dotenv) {
  static const ProjectDirectory directory;
  ProjectOptions options;
  options.files = {directory.write(stack, dotenv)};
  options.environment = kShell;
  Project project;
  try {
    project = load_project(options);
  } catch (const Error&) {
    return;
  }
  use_every_output(project);
}

}  // namespace
}  // namespace berth::spec

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t separator = input.find('\0');
  std::string stack(input.substr(0, separator));
  std::string dotenv(separator == std::string_view::npos ? "" : input.substr(separator + 1));
  berth::spec::interpolate_text(stack);
  berth::spec::parse_env_text(dotenv.empty() ? stack : dotenv);
  berth::spec::load_stack(stack, dotenv);
  return 0;
}

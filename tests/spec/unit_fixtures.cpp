#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "spec/json_output.h"
#include "spec/project.h"
#include "util/error.h"

// The fixture corpus: every valid/<case>/ loads (by discovery, empty shell
// environment) to exactly expected.json; every invalid/<case>.yaml fails with
// exactly <case>.error. "@DIR@" stands for the fixture's directory. A valid
// case may hold options.json: "files" (-f, in order), "profiles" (--profile),
// "services" (named on the command line) and "environment" (the shell).
namespace berth::spec {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(BERTH_TEST_FIXTURES) / "spec";

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string with_dir(std::string text, const std::string& dir) {
  for (size_t at; (at = text.find("@DIR@")) != std::string::npos;) text.replace(at, 5, dir);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::vector<fs::path> entries(const fs::path& dir, bool directories) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir))
    if (directories ? entry.is_directory() : entry.path().extension() == ".yaml")
      found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  return found;
}

ProjectOptions options_for(const fs::path& dir) {
  ProjectOptions options;
  options.project_directory = dir.string();
  options.environment = Environment{};
  if (!fs::exists(dir / "options.json")) return options;
  auto json = nlohmann::json::parse(read(dir / "options.json"));
  for (const auto& file : json.value("files", std::vector<std::string>{}))
    options.files.push_back((dir / file).string());
  if (json.contains("profiles"))
    options.profiles = json["profiles"].get<std::vector<std::string>>();
  options.services = json.value("services", std::vector<std::string>{});
  options.environment = json.value("environment", Environment{});
  return options;
}

TEST(Fixtures, ValidCasesMatchTheirExpectedJson) {
  auto cases = entries(kRoot / "valid", true);
  ASSERT_GE(cases.size(), 9u);
  for (const auto& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    Project project = load_project(options_for(dir));
    auto expected = nlohmann::json::parse(with_dir(read(dir / "expected.json"), dir.string()));
    EXPECT_EQ(project_to_json(project).dump(2), expected.dump(2));
  }
}

TEST(Fixtures, InvalidCasesFailWithTheirExpectedError) {
  auto cases = entries(kRoot / "invalid", false);
  ASSERT_GE(cases.size(), 15u);
  for (const auto& file : cases) {
    SCOPED_TRACE(file.filename().string());
    ProjectOptions options;
    options.files = {file.string()};
    options.environment = Environment{};
    std::string expected =
        with_dir(read(fs::path(file).replace_extension(".error")), kRoot / "invalid");
    try {
      load_project(options);
      ADD_FAILURE() << "loaded without error";
    } catch (const Error& e) {
      EXPECT_EQ(e.what(), expected);
    }
  }
}

}  // namespace
}  // namespace berth::spec

#pragma once

// A stack written under the sandbox and driven through the real `berth`
// binary, with the helpers end-to-end tests keep needing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/berth_cli.h"

namespace berth::testing {

class ComposeStackTest : public ::testing::Test {
 protected:
  // Imports the test image and writes `text` to <sandbox>/<directory>/compose.yaml.
  void write_stack(const std::string& directory, const std::string& text) {
    import_busybox_image();
    dir_ = std::filesystem::path(std::getenv("BERTH_SANDBOX")) / directory;
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "compose.yaml") << text;
  }

  CommandResult compose(std::vector<std::string> args) {
    return testing::compose(dir_ / "compose.yaml", std::move(args));
  }

  // Runs a shell script in the service's container; a failure fails the test.
  std::string exec(const std::string& service, const std::string& script) {
    auto result = compose({"exec", "-T", service, "sh", "-c", script});
    EXPECT_EQ(result.status, 0) << service << ": " << result.err;
    return result.out;
  }

  std::filesystem::path dir_;
};

}  // namespace berth::testing

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "util/error.h"
#include "util/remove_tree.h"

namespace berth {
namespace {

namespace fs = std::filesystem;

fs::path scratch_tree() {
  std::string pattern = (fs::temp_directory_path() / "remove-tree-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

TEST(RemoveTree, RemovesTheTreeAndIsFineWhenItIsGone) {
  auto tree = scratch_tree();
  fs::create_directories(tree / "a/b");
  std::ofstream(tree / "a/b/file") << "x";
  remove_tree(tree);
  EXPECT_FALSE(fs::exists(tree));
  EXPECT_NO_THROW(remove_tree(tree));
}

// Another process deleting entries while the tree is walked (a supervisor
// removing its pid file as it exits) is no failure.
TEST(RemoveTree, EntriesVanishingMeanwhileAreNoError) {
  for (int round = 0; round < 20; ++round) {
    auto tree = scratch_tree();
    constexpr int kFiles = 300;
    for (int i = 0; i < kFiles; ++i) std::ofstream(tree / std::to_string(i)) << "x";
    std::jthread other([&] {
      for (int i = kFiles - 1; i >= 0; --i) ::unlink((tree / std::to_string(i)).c_str());
    });
    EXPECT_NO_THROW(remove_tree(tree));
    other.join();
    EXPECT_FALSE(fs::exists(tree));
  }
}

TEST(RemoveTree, OtherFailuresNameTheTree) {
  try {
    remove_tree("/proc/self/fd");
    FAIL() << "removed /proc/self/fd";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("/proc/self/fd"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace berth

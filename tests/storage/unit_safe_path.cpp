#include <gtest/gtest.h>

#include "storage/safe_path.h"

using berth::storage::clean_entry_path;
using berth::storage::join_components;

namespace {
std::string cleaned(const char* name) {
  auto components = clean_entry_path(name);
  return join_components(components, components.size());
}

TEST(CleanEntryPath, DotDotNeverClimbsAboveTheRoot) {
  EXPECT_EQ(cleaned("../../etc/passwd"), "etc/passwd");
  EXPECT_EQ(cleaned("a/../../b"), "b");
  EXPECT_EQ(cleaned("a/b/../c"), "a/c");
}

TEST(CleanEntryPath, AbsoluteAndDotNamesAreRelativeToTheRoot) {
  EXPECT_EQ(cleaned("/etc//hosts"), "etc/hosts");
  EXPECT_EQ(cleaned("./usr/./bin/"), "usr/bin");
  EXPECT_EQ(cleaned("./"), ".");
  EXPECT_TRUE(clean_entry_path("/..").empty());
}

}  // namespace

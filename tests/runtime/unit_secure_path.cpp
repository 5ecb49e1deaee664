#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "runtime/secure_path.h"

namespace berth::runtime {
namespace {

class SecurePath : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/berth-path.XXXXXX";
    ASSERT_NE(::mkdtemp(name), nullptr);
    root = name;
    std::filesystem::create_directories(root + "/etc");
    std::filesystem::create_symlink("/etc", root + "/absolute");
    std::filesystem::create_symlink("../../../../..", root + "/escape");
    std::filesystem::create_symlink("/", root + "/etc/rootlink");
  }
  void TearDown() override { std::filesystem::remove_all(root); }
  std::string root;
};

TEST_F(SecurePath, LinksResolveInsideTheRoot) {
  EXPECT_EQ(secure_join(root, "/absolute/passwd"), root + "/etc/passwd");
  EXPECT_EQ(secure_join(root, "/escape/etc/shadow"), root + "/etc/shadow");
  EXPECT_EQ(secure_join(root, "../../x"), root + "/x");
  EXPECT_EQ(secure_join(root, "/etc/rootlink/etc/rootlink/tmp"), root + "/tmp");
}

TEST_F(SecurePath, CreatesThroughLinksWithoutLeaving) {
  auto path = create_inside(root, "/escape/new/dir", false);
  EXPECT_EQ(path, root + "/new/dir");
  EXPECT_TRUE(std::filesystem::is_directory(path));
  create_inside(root, "/absolute/hosts", true);
  EXPECT_TRUE(std::filesystem::is_regular_file(root + "/etc/hosts"));
}

}  // namespace
}  // namespace berth::runtime

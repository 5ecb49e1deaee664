#include <gtest/gtest.h>

#include "engine/copy_plan.h"
#include "util/error.h"

namespace berth::engine {
namespace {

TEST(CopyEndpoint, ReadsServicePathsAndHostPathsLikeDocker) {
  auto in_service = parse_copy_endpoint("web:/etc/hosts");
  EXPECT_EQ(in_service.service, "web");
  EXPECT_EQ(in_service.path, "/etc/hosts");
  EXPECT_EQ(parse_copy_endpoint("web:").path, "/");
  EXPECT_FALSE(parse_copy_endpoint("/abs/with:colon").in_container());
  EXPECT_FALSE(parse_copy_endpoint("./rel:colon").in_container());
  EXPECT_FALSE(parse_copy_endpoint("plain").in_container());
  EXPECT_TRUE(parse_copy_endpoint("-").is_stream());
  EXPECT_THROW(parse_copy_endpoint(":/x"), Error);
}

TEST(CopyPlan, AFileLandsAtTheDestinationOrInsideADirectory) {
  auto onto_missing = plan_copy("/a/f", PathKind::other, "out/g", PathKind::missing);
  EXPECT_EQ(onto_missing.extract_dir, "out");
  EXPECT_EQ(onto_missing.top_name, "g");
  auto onto_file = plan_copy("/a/f", PathKind::other, "g", PathKind::other);
  EXPECT_EQ(onto_file.extract_dir, ".");
  EXPECT_EQ(onto_file.top_name, "g");
  auto into_dir = plan_copy("/a/f", PathKind::other, "/tmp/", PathKind::directory);
  EXPECT_EQ(into_dir.extract_dir, "/tmp/");
  EXPECT_EQ(into_dir.top_name, "f");
  EXPECT_THROW(plan_copy("/a/f", PathKind::other, "new/", PathKind::missing), Error);
  EXPECT_THROW(plan_copy("/a/f/", PathKind::other, "x", PathKind::missing), Error);
}

TEST(CopyPlan, ADirectoryBecomesTheDestinationGoesInsideOrGivesItsContents) {
  auto becomes = plan_copy("/srv/tree", PathKind::directory, "/x/copy", PathKind::missing);
  EXPECT_EQ(becomes.extract_dir, "/x");
  EXPECT_EQ(becomes.top_name, "copy");
  auto inside = plan_copy("/srv/tree/", PathKind::directory, "/x", PathKind::directory);
  EXPECT_EQ(inside.extract_dir, "/x");
  EXPECT_EQ(inside.top_name, "tree");
  auto contents = plan_copy("/srv/tree/.", PathKind::directory, "/x", PathKind::directory);
  EXPECT_EQ(contents.top_name, ".");
  auto root = plan_copy("/", PathKind::directory, "/x", PathKind::directory);
  EXPECT_EQ(root.top_name, ".");
  EXPECT_THROW(plan_copy("/srv/tree", PathKind::directory, "/x", PathKind::other), Error);
  EXPECT_THROW(plan_copy("/gone", PathKind::missing, "/x", PathKind::directory), Error);
}

TEST(CopyPlan, AStreamIsNamedAfterTheSource) {
  EXPECT_EQ(streamed_top_name("/srv/tree/"), "tree");
  EXPECT_EQ(streamed_top_name("/srv/tree/."), ".");
  EXPECT_EQ(streamed_top_name("file"), "file");
}

}  // namespace
}  // namespace berth::engine

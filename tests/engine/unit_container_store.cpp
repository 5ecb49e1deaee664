#include <gtest/gtest.h>

#include "engine/compose_labels.h"
#include "engine/container_store.h"

namespace berth::engine {
namespace {

class ContainerStoreTest : public ::testing::Test {
 protected:
  ContainerRecord web(int number) {
    ContainerRecord c;
    c.name = container_name("shop", "web", number);
    c.project = "shop";
    c.service = "web";
    c.number = number;
    c.config_hash = "abc";
    c.image_id = "sha256:1";
    c.networks = {"shop_default", "shop_front"};
    c.volumes = {"shop_data"};
    c.labels = compose_labels({"shop", "web", number, false, "abc", "/src/shop", "compose.yaml"});
    c.netns_path = "/run/berth/netns/" + c.name;
    return c;
  }

  state::Database db_ = state::Database::open_in_memory();
  ContainerStore store_{db_};
};

TEST_F(ContainerStoreTest, RecordsRoundTrip) {
  store_.save(web(1));
  auto found = store_.find("shop-web-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->networks, (std::set<std::string>{"shop_default", "shop_front"}));
  EXPECT_EQ(found->labels.at("com.docker.compose.service"), "web");
  EXPECT_EQ(found->labels.at("com.docker.compose.container-number"), "1");
  EXPECT_EQ(found->labels.at("com.docker.compose.oneoff"), "False");
  EXPECT_GT(found->created_at, 0);
  EXPECT_FALSE(found->userns);
  EXPECT_FALSE(store_.find("shop-web-2"));
}

TEST_F(ContainerStoreTest, AUserNamespacesIdsRoundTrip) {
  auto shifted = web(2);
  shifted.userns = IdMapping{300000, 400000, 65536};
  store_.save(shifted);
  EXPECT_EQ(store_.find("shop-web-2")->userns, (IdMapping{300000, 400000, 65536}));
}

TEST_F(ContainerStoreTest, ProjectListingIsOrderedAndScoped) {
  store_.save(web(2));
  store_.save(web(1));
  auto other = web(1);
  other.name = "blog-web-1";
  other.project = "blog";
  store_.save(other);
  auto shop = store_.of_project("shop");
  ASSERT_EQ(shop.size(), 2u);
  EXPECT_EQ(shop[0].number, 1);
  EXPECT_EQ(shop[1].number, 2);
  store_.remove("shop-web-1");
  EXPECT_EQ(store_.of_project("shop").size(), 1u);
}

TEST_F(ContainerStoreTest, RecordsFeedThePlanner) {
  store_.save(web(1));
  auto existing = as_existing(*store_.find("shop-web-1"), true);
  DesiredService desired{"web",        1, "abc", "sha256:1", {"shop_default", "shop_front"},
                         {"shop_data"}};
  auto steps = plan_containers({desired}, {existing}, {});
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].action, ContainerAction::keep);
}

TEST_F(ContainerStoreTest, ProjectsAreUpserted) {
  store_.save_project({"shop", "/src/shop", "compose.yaml"});
  store_.save_project({"shop", "/src/shop", "compose.yaml,compose.override.yaml"});
  auto projects = store_.projects();
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].config_files, "compose.yaml,compose.override.yaml");
  store_.remove_project("shop");
  EXPECT_TRUE(store_.projects().empty());
}

TEST(ComposeNames, MatchDockerCompose) {
  EXPECT_EQ(container_name("shop", "web", 3), "shop-web-3");
  EXPECT_EQ(oneoff_container_name("shop", "web", "1a2b3c"), "shop-web-run-1a2b3c");
  EXPECT_EQ(scoped_name("shop", "default"), "shop_default");
  auto labels = compose_labels({"shop", "db", 1, true, "h", "/w", "a.yaml,b.yaml"});
  EXPECT_EQ(labels.at("com.docker.compose.project"), "shop");
  EXPECT_EQ(labels.at("com.docker.compose.oneoff"), "True");
  EXPECT_EQ(labels.at("com.docker.compose.config-hash"), "h");
  EXPECT_EQ(labels.at("com.docker.compose.project.config_files"), "a.yaml,b.yaml");
}

}  // namespace
}  // namespace berth::engine

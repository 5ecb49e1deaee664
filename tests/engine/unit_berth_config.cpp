#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "engine/berth_config.h"
#include "util/error.h"

namespace berth::engine {
namespace {

using ::testing::HasSubstr;

class BerthConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/berth-config-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  BerthConfig load(const std::string& text) {
    std::ofstream(dir_ / "config.json") << text;
    return BerthConfig::load(dir_ / "config.json");
  }
  std::string error_of(const std::string& text) {
    try {
      load(text);
    } catch (const Error& error) {
      return error.what();
    }
    return "(loaded)";
  }

  std::filesystem::path dir_;
};

TEST_F(BerthConfigTest, AMissingFileMeansTheDefaults) {
  auto config = BerthConfig::load(dir_ / "absent.json");
  EXPECT_TRUE(config.insecure_registries.empty());
  EXPECT_FALSE(config.address_pool);
  EXPECT_TRUE(config.firewall_coexistence);
  EXPECT_EQ(config.auto_userns_user, "berth");
  EXPECT_EQ(config.subuid_file, "/etc/subuid");
  EXPECT_EQ(config.subgid_file, "/etc/subgid");
  auto options = config.network_options();
  EXPECT_EQ(options.pool.base.to_string(), "10.89.0.0/16");
  EXPECT_EQ(options.pool6.base.to_string(), "fd6b:6572:7468::/48");
}

TEST_F(BerthConfigTest, ReadsDockerStyleKeys) {
  auto config = load(R"({
  "insecure-registries": ["registry.lan:5000"],
  "default-address-pools": [{"base": "10.123.7.0/16", "size": 26},
                            {"base": "fd00:9::/56", "size": 64}],
  "dns": ["192.0.2.53"],
  "firewall-coexistence": false
})");
  EXPECT_EQ(config.registry_options().insecure_registries,
            std::vector<std::string>{"registry.lan:5000"});
  auto options = config.network_options();
  EXPECT_EQ(options.pool.base.to_string(), "10.123.0.0/16");
  EXPECT_EQ(options.pool.prefix_length, 26);
  EXPECT_EQ(options.pool6.base.to_string(), "fd00:9::/56");
  EXPECT_EQ(options.dns.upstreams, std::vector<std::string>{"192.0.2.53"});
  EXPECT_FALSE(options.firewall_coexistence);
}

TEST_F(BerthConfigTest, ReadsWhereAutoUserNamespacesTakeTheirIds) {
  auto config = load(R"({"auto-userns-user": "containers", "subuid-file": "/srv/subuid",
                         "subgid-file": "/srv/subgid"})");
  EXPECT_EQ(config.auto_userns_user, "containers");
  EXPECT_EQ(config.subuid_file, "/srv/subuid");
  EXPECT_EQ(config.subgid_file, "/srv/subgid");
}

TEST_F(BerthConfigTest, BadValuesNameTheFileLineAndKey) {
  EXPECT_THAT(error_of("{\n  \"insecure-registry\": []\n}\n"),
              HasSubstr("config.json:2:3: insecure-registry: unknown key \"insecure-registry\": "
                        "did you mean \"insecure-registries\"?"));
  EXPECT_THAT(error_of("{\"default-address-pools\": [{\"base\": \"10.1.0.0/16\", \"size\": 8}]}"),
              HasSubstr("default-address-pools[0].size: size must lie between the base's prefix "
                        "length (16) and 30"));
  EXPECT_THAT(error_of("{\"default-address-pools\": [{\"base\": \"10.1.0.0/16\", \"size\": 24},\n"
                       "  {\"base\": \"10.2.0.0/16\", \"size\": 24}]}"),
              HasSubstr("config.json:2:3: default-address-pools[1]: a second IPv4 pool"));
  EXPECT_THAT(error_of("{\"firewall-coexistence\": \"sometimes\"}"),
              HasSubstr("firewall-coexistence: expected true or false"));
  EXPECT_THAT(error_of("{\"dns\": [\"a\", ]"), HasSubstr("config.json"));
}

}  // namespace
}  // namespace berth::engine

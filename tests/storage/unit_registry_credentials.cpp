#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "storage/registry_credentials.h"

namespace fs = std::filesystem;
using berth::storage::find_registry_credentials;

namespace {
class RegistryCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // mkdtemp: tests run in parallel (in sandboxes that may reuse pids) and share /tmp.
    std::string name = (fs::temp_directory_path() / "berth-creds-test-XXXXXX").string();
    if (!::mkdtemp(name.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = name;
    fs::create_directories(dir_ / "bin");
    ::setenv("DOCKER_CONFIG", dir_.c_str(), 1);
    // A credential helper that answers with the server it was asked about.
    auto helper = dir_ / "bin" / "docker-credential-fake";
    std::ofstream(helper)
        << "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread server\n"
        << "[ \"$server\" = unknown.example ] && exit 1\n"
        << "echo \"{\\\"Username\\\":\\\"helper\\\",\\\"Secret\\\":\\\"for-$server\\\"}\"\n";
    fs::permissions(helper, fs::perms::owner_all);
    path_ = std::getenv("PATH");
    ::setenv("PATH", ((dir_ / "bin").string() + ":" + path_).c_str(), 1);
  }
  void TearDown() override {
    ::setenv("PATH", path_.c_str(), 1);
    ::unsetenv("DOCKER_CONFIG");
    fs::remove_all(dir_);
  }
  void config(const std::string& json) { std::ofstream(dir_ / "config.json") << json; }

  fs::path dir_;
  std::string path_;
};

TEST_F(RegistryCredentialsTest, NoConfigMeansAnonymous) {
  EXPECT_FALSE(find_registry_credentials("registry.example"));
}

TEST_F(RegistryCredentialsTest, DecodesBasicAuthsAndKeysDockerHubLikeDocker) {
  config(R"({"auths":{"https://index.docker.io/v1/":{"auth":"aHViOnB3"},
             "registry.example":{"auth":"bWU6c2VjcmV0"}}})");
  auto hub = find_registry_credentials("docker.io");
  ASSERT_TRUE(hub);
  EXPECT_EQ(hub->username, "hub");
  EXPECT_EQ(hub->password, "pw");
  auto other = find_registry_credentials("registry.example");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->username, "me");
  EXPECT_EQ(other->password, "secret");
  EXPECT_FALSE(find_registry_credentials("elsewhere.example"));
}

TEST_F(RegistryCredentialsTest, AsksCredentialHelpersBeforeAuths) {
  config(R"({"credHelpers":{"registry.example":"fake"},"credsStore":"fake",
             "auths":{"unknown.example":{"auth":"bWU6c2VjcmV0"}}})");
  auto helped = find_registry_credentials("registry.example");
  ASSERT_TRUE(helped);
  EXPECT_EQ(helped->username, "helper");
  EXPECT_EQ(helped->password, "for-registry.example");
  // The store does not know it (exit 1): the basic auths entry answers.
  auto fallback = find_registry_credentials("unknown.example");
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->username, "me");
}

}  // namespace

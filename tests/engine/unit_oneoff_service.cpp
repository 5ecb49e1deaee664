#include <gtest/gtest.h>

#include "engine/oneoff_service.h"
#include "util/error.h"

namespace berth::engine {
namespace {

using Args = std::vector<std::string>;

class OneoffService : public ::testing::Test {
 protected:
  void SetUp() override {
    project_.name = "demo";
    project_.working_dir = "/srv/demo";
    project_.environment = {{"FROM_SHELL", "shell value"}};
    project_.volumes["data"].name = "demo_data";
    service_.name = "app";
    service_.command = Args{"serve"};
    service_.environment = {{"KEPT", "yes"}, {"REPLACED", "old"}};
    service_.restart = "always";
    service_.replicas = 3;
    spec::PortMapping port;
    port.target = 80;
    port.published = "8080";
    service_.ports = {port};
  }

  spec::Service apply(const OneoffOverrides& overrides) {
    return oneoff_service(project_, service_, overrides);
  }

  spec::Project project_;
  spec::Service service_;
};

TEST_F(OneoffService, KeepsTheServicesCommandUnlessGiven) {
  EXPECT_EQ(apply({}).command, Args{"serve"});
  OneoffOverrides overrides;
  overrides.command = {"ls", "-l"};
  EXPECT_EQ(apply(overrides).command, (Args{"ls", "-l"}));
}

TEST_F(OneoffService, AnEntrypointAloneDropsTheCommand) {
  OneoffOverrides overrides;
  overrides.entrypoint = "sh -c 'echo hi'";
  auto oneoff = apply(overrides);
  EXPECT_EQ(oneoff.entrypoint, (Args{"sh", "-c", "echo hi"}));
  EXPECT_EQ(oneoff.command, Args{});
  overrides.command = {"extra"};
  EXPECT_EQ(apply(overrides).command, Args{"extra"});
  overrides.entrypoint = "sh -c 'unterminated";
  EXPECT_THROW(apply(overrides), Error);
}

TEST_F(OneoffService, EnvironmentGoesOnTopAndBareKeysComeFromTheShell) {
  OneoffOverrides overrides;
  overrides.environment = {"REPLACED=new", "FROM_SHELL", "UNSET_IN_SHELL", "EMPTY="};
  auto environment = apply(overrides).environment;
  EXPECT_EQ(environment.at("KEPT"), "yes");
  EXPECT_EQ(environment.at("REPLACED"), "new");
  EXPECT_EQ(environment.at("FROM_SHELL"), "shell value");
  EXPECT_EQ(environment.at("EMPTY"), "");
  EXPECT_FALSE(environment.count("UNSET_IN_SHELL"));
  overrides.environment = {"=value"};
  EXPECT_THROW(apply(overrides), Error);
}

TEST_F(OneoffService, DropsRestartReplicasAndPortsUnlessAsked) {
  auto oneoff = apply({});
  EXPECT_EQ(oneoff.restart, "");
  EXPECT_EQ(oneoff.replicas, 1);
  EXPECT_TRUE(oneoff.ports.empty());

  OneoffOverrides overrides;
  overrides.service_ports = true;
  overrides.publish = {"127.0.0.1:9090:90/udp"};
  auto published = apply(overrides);
  ASSERT_EQ(published.ports.size(), 2u);
  EXPECT_EQ(published.ports[0].published, "8080");
  EXPECT_EQ(published.ports[1].host_ip, "127.0.0.1");
  EXPECT_EQ(published.ports[1].published, "9090");
  EXPECT_EQ(published.ports[1].target, 90u);
  EXPECT_EQ(published.ports[1].protocol, "udp");
}

TEST_F(OneoffService, AddsVolumesUserWorkdirLabelsAndName) {
  OneoffOverrides overrides;
  overrides.volumes = {"data:/data:ro", "./src:/src", "/cache"};
  overrides.user = "1000:1000";
  overrides.working_dir = "/work";
  overrides.labels = {{"team", "qa"}};
  overrides.name = "demo-app-run-0123456789ab";
  auto oneoff = apply(overrides);
  ASSERT_EQ(oneoff.volumes.size(), 3u);
  EXPECT_EQ(oneoff.volumes[0].type, "volume");
  EXPECT_TRUE(oneoff.volumes[0].read_only);
  EXPECT_EQ(oneoff.volumes[1].source, "/srv/demo/src");
  EXPECT_EQ(oneoff.volumes[2].source, "");
  EXPECT_EQ(oneoff.user, "1000:1000");
  EXPECT_EQ(oneoff.working_dir, "/work");
  EXPECT_EQ(oneoff.labels.at("team"), "qa");
  EXPECT_EQ(oneoff.container_name, "demo-app-run-0123456789ab");

  overrides.volumes = {"undeclared:/x"};
  EXPECT_THROW(apply(overrides), Error);
}

}  // namespace
}  // namespace berth::engine

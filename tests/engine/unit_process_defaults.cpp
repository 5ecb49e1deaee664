#include <gtest/gtest.h>

#include "engine/process_defaults.h"

namespace berth::engine {
namespace {

using Args = std::vector<std::string>;

TEST(ContainerArgv, ImageDefaultsWhenServiceSaysNothing) {
  EXPECT_EQ(container_argv({"docker-entrypoint.sh"}, {"postgres"}, std::nullopt, std::nullopt),
            (Args{"docker-entrypoint.sh", "postgres"}));
}

TEST(ContainerArgv, CommandReplacesOnlyTheCmd) {
  EXPECT_EQ(container_argv({"docker-entrypoint.sh"}, {"postgres"}, std::nullopt,
                           Args{"postgres", "-c", "fsync=off"}),
            (Args{"docker-entrypoint.sh", "postgres", "-c", "fsync=off"}));
}

TEST(ContainerArgv, EntrypointDropsTheImageCmd) {
  EXPECT_EQ(container_argv({"/init"}, {"serve"}, Args{"sh", "-c"}, std::nullopt),
            (Args{"sh", "-c"}));
  EXPECT_EQ(container_argv({"/init"}, {"serve"}, Args{"sh", "-c"}, Args{"echo hi"}),
            (Args{"sh", "-c", "echo hi"}));
}

TEST(ContainerArgv, EmptyEntrypointClearsIt) {
  EXPECT_EQ(container_argv({"/init"}, {"serve"}, Args{}, Args{"ls"}), (Args{"ls"}));
}

TEST(ContainerEnv, LaterLayersWinAndOrderIsKept) {
  auto env = container_env({"PATH=/usr/bin:/bin", "LANG=C", "EMPTY"},
                           {{{"LANG", "C.UTF-8"}, {"FROM_FILE", "1"}}},
                           {{"FROM_FILE", "2"}, {"DEBUG", "true"}});
  EXPECT_EQ(env,
            (Args{"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "EMPTY=", "FROM_FILE=2", "DEBUG=true"}));
}

TEST(ContainerEnv, VariableWithoutValueOverridesNothing) {
  EXPECT_EQ(container_env({"TOKEN=image-default"}, {}, {{"TOKEN", std::nullopt}}),
            (Args{"TOKEN=image-default"}));
  EXPECT_TRUE(container_env({}, {}, {{"UNSET", std::nullopt}}).empty());
}

}  // namespace
}  // namespace berth::engine

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/service_settings.h"
#include "util/error.h"

namespace berth::engine {
namespace {

using ::testing::HasSubstr;

std::string refusal(const spec::Service& service) {
  try {
    require_supported(service);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(ServiceSettings, DefaultsOfPidIpcAndUsernsAreHonoured) {
  spec::Service service;
  service.name = "web";
  EXPECT_EQ(refusal(service), "");
  service.ipc = "shareable";
  service.userns_mode = "host";
  EXPECT_EQ(refusal(service), "");
  service.ipc = "private";
  EXPECT_EQ(refusal(service), "");
}

TEST(ServiceSettings, WhatBerthCannotHonourIsRefusedNamingTheService) {
  spec::Service service;
  service.name = "web";
  service.pid = "host";
  EXPECT_THAT(refusal(service), HasSubstr("pid: host is not supported by berth yet"));
  EXPECT_THAT(refusal(service), HasSubstr("web"));
  service.pid.clear();
  service.ipc = "service:db";
  EXPECT_THAT(refusal(service), HasSubstr("ipc: service:db is not supported"));
  service.ipc.clear();
  service.userns_mode = "auto";
  EXPECT_THAT(refusal(service), HasSubstr("userns_mode: auto is not supported"));
}

}  // namespace
}  // namespace berth::engine

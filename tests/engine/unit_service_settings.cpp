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

TEST(ServiceSettings, PidIpcAndHostUsernsAreHonoured) {
  spec::Service service;
  service.name = "web";
  EXPECT_EQ(refusal(service), "");
  service.ipc = "service:db";
  service.pid = "host";
  service.userns_mode = "host";
  EXPECT_EQ(refusal(service), "");
}

TEST(ServiceSettings, AutoUsernsTakesPodmansDefaultSizeOrTheGivenOne) {
  spec::Service service;
  service.name = "web";
  EXPECT_EQ(auto_userns_size(service), std::nullopt);
  service.userns_mode = "host";
  EXPECT_EQ(auto_userns_size(service), std::nullopt);
  service.userns_mode = "auto";
  EXPECT_EQ(auto_userns_size(service), 65536u);
  service.userns_mode = "auto:size=2000";
  EXPECT_EQ(auto_userns_size(service), 2000u);
}

TEST(ServiceSettings, WhatBerthCannotHonourIsRefusedNamingTheService) {
  spec::Service service;
  service.name = "web";
  for (const char* mode : {"keep-id", "auto:uidmapping=0:1000:1", "auto:size=0", "auto:size=x"}) {
    service.userns_mode = mode;
    EXPECT_THAT(refusal(service),
                HasSubstr(std::string("userns_mode: ") + mode + " is not supported by berth"));
    EXPECT_THAT(refusal(service), HasSubstr("web"));
  }
}

}  // namespace
}  // namespace berth::engine

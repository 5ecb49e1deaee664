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

TEST(ServiceSettings, WhatBerthCannotHonourIsRefusedNamingTheService) {
  spec::Service service;
  service.name = "web";
  service.userns_mode = "auto";
  EXPECT_THAT(refusal(service), HasSubstr("userns_mode: auto is not supported"));
  EXPECT_THAT(refusal(service), HasSubstr("web"));
}

}  // namespace
}  // namespace berth::engine

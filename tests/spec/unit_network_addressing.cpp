#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "project_test_support.h"
#include "util/error.h"

namespace berth::spec {
namespace {

using ::testing::HasSubstr;
using testing::load_text;
using testing::ScratchDir;

std::string load_error(const std::string& text) {
  ScratchDir dir;
  try {
    load_text(dir, text);
  } catch (const Error& error) {
    return error.what();
  }
  return "(loaded)";
}

constexpr const char* kDualStack =
    "name: p\n"
    "services:\n"
    "  web:\n"
    "    image: x\n"
    "    networks:\n"
    "      front: {ipv4_address: 172.30.0.5, ipv6_address: \"fd00:30::5\"}\n"
    "networks:\n"
    "  front:\n"
    "    enable_ipv6: true\n"
    "    ipam:\n"
    "      config:\n"
    "        - subnet: 172.30.0.0/24\n"
    "        - subnet: \"fd00:30::/64\"\n"
    "          gateway: \"fd00:30::1\"\n";

TEST(NetworkAddressing, DualStackPoolsAndAddressesLoad) {
  ScratchDir dir;
  auto project = load_text(dir, kDualStack);
  const auto& pools = project.networks.at("front").ipam_config;
  ASSERT_EQ(pools.size(), 2u);
  EXPECT_FALSE(pools[0].is_ipv6());
  EXPECT_TRUE(pools[1].is_ipv6());
  EXPECT_EQ(project.services.at("web").networks.at("front").ipv6_address, "fd00:30::5");
}

TEST(NetworkAddressing, Ipv6PoolNeedsEnableIpv6) {
  std::string text = kDualStack;
  text.replace(text.find("    enable_ipv6: true\n"), 22, "");
  EXPECT_THAT(load_error(text),
              HasSubstr("compose.yaml:12:11: networks.front.ipam.config.1: an IPv6 pool needs "
                        "enable_ipv6: true"));
}

TEST(NetworkAddressing, AddressesMustBeOfThePoolsFamily) {
  std::string text = kDualStack;
  text.replace(text.find("gateway: \"fd00:30::1\""), 21, "gateway: 172.30.0.1");
  EXPECT_THAT(load_error(text),
              HasSubstr("compose.yaml:14:20: networks.front.ipam.config.1.gateway: "
                        "\"172.30.0.1\" is not an IPv6 address"));
  text = kDualStack;
  text.replace(text.find("172.30.0.0/24"), 13, "172.30.0.0/33");
  EXPECT_THAT(load_error(text), HasSubstr("networks.front.ipam.config.0.subnet: \"172.30.0.0/33\" "
                                          "is not an IPv4 subnet"));
}

TEST(NetworkAddressing, OnePoolPerFamily) {
  std::string text = std::string(kDualStack) + "        - subnet: 172.31.0.0/24\n";
  EXPECT_THAT(load_error(text), HasSubstr("networks.front.ipam.config.2: a second IPv4 pool"));
}

TEST(NetworkAddressing, ServiceAddressesAreCheckedAgainstTheirNetwork) {
  std::string text = kDualStack;
  text.replace(text.find("ipv4_address: 172.30.0.5"), 24, "ipv4_address: \"fd00:30::6\"");
  EXPECT_THAT(load_error(text), HasSubstr("compose.yaml:6:29: services.web.networks.front."
                                          "ipv4_address: \"fd00:30::6\" is not an IPv4 address"));
  EXPECT_THAT(load_error("services:\n  web:\n    image: x\n    networks:\n"
                         "      back: {ipv6_address: \"fd00:31::5\"}\nnetworks:\n  back: {}\n"),
              HasSubstr("services.web.networks.back.ipv6_address: network \"back\" has no IPv6: "
                        "set enable_ipv6: true on it"));
  text = kDualStack;
  text.replace(text.find("fd00:30::5"), 10, "fd00:31::5");
  EXPECT_THAT(load_error(text), HasSubstr("\"fd00:31::5\" lies outside network \"front\"'s "
                                          "subnet fd00:30::/64"));
  text = kDualStack;
  text.replace(text.find("172.30.0.5"), 10, "172.30.1.5");
  EXPECT_THAT(load_error(text), HasSubstr("\"172.30.1.5\" lies outside network \"front\"'s "
                                          "subnet 172.30.0.0/24"));
}

}  // namespace
}  // namespace berth::spec

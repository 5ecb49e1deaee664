#include <gtest/gtest.h>

#include "network/ipam.h"
#include "network/ipv4.h"
#include "network/ipv6.h"
#include "util/error.h"

namespace berth::network {
namespace {

Ipv4Subnet subnet(const char* text) { return Ipv4Subnet::parse(text); }
Ipv4Address address(const char* text) { return Ipv4Address::parse(text); }

TEST(Ipv4, ParsesAndFormats) {
  EXPECT_EQ(address("10.1.2.3").value, 0x0a010203u);
  EXPECT_EQ(address("10.1.2.3").to_string(), "10.1.2.3");
  EXPECT_EQ(subnet("10.1.2.3/16").network().to_string(), "10.1.0.0");
  EXPECT_EQ(subnet("10.1.2.3/16").broadcast().to_string(), "10.1.255.255");
  EXPECT_EQ(subnet("10.1.2.3").prefix_length, 32);
  EXPECT_EQ(subnet("0.0.0.0/0").size(), uint64_t{1} << 32);
  EXPECT_THROW(subnet("10.1.2.3/33"), Error);
  EXPECT_THROW(subnet("10.1.2/8"), Error);
  EXPECT_THROW(subnet("10.1.2.0/x"), Error);
  EXPECT_THROW(address("::1"), Error);
}

TEST(Ipv4, OverlapAndContainment) {
  EXPECT_TRUE(subnet("10.0.0.0/8").overlaps(subnet("10.3.0.0/16")));
  EXPECT_TRUE(subnet("10.3.0.0/16").overlaps(subnet("10.0.0.0/8")));
  EXPECT_FALSE(subnet("10.3.0.0/16").overlaps(subnet("10.4.0.0/16")));
  EXPECT_TRUE(subnet("10.3.0.0/16").contains(address("10.3.255.1")));
  EXPECT_FALSE(subnet("10.3.0.0/16").contains(subnet("10.0.0.0/8")));
}

TEST(Ipv4, NthSubnet) {
  EXPECT_EQ(nth_subnet(subnet("10.89.0.0/16"), 24, 0)->to_string(), "10.89.0.0/24");
  EXPECT_EQ(nth_subnet(subnet("10.89.0.0/16"), 24, 255)->to_string(), "10.89.255.0/24");
  EXPECT_FALSE(nth_subnet(subnet("10.89.0.0/16"), 24, 256));
  EXPECT_FALSE(nth_subnet(subnet("10.89.0.0/16"), 8, 0));
}

TEST(Ipam, ChoosesFirstSubnetFreeOfEveryTakenPrefix) {
  AddressPool pool{subnet("10.89.0.0/16"), 24};
  EXPECT_EQ(choose_subnet(pool, {}).to_string(), "10.89.0.0/24");
  EXPECT_EQ(choose_subnet(pool, {subnet("10.89.0.0/23"), subnet("10.89.2.7/32")}).to_string(),
            "10.89.3.0/24");
  EXPECT_THROW(choose_subnet(pool, {subnet("10.0.0.0/8")}), Error);
}

TEST(Ipam, PlanDefaultsGatewayToFirstHostAndValidates) {
  auto plan = plan_subnet(subnet("172.20.5.9/24"), std::nullopt, std::nullopt);
  EXPECT_EQ(plan.subnet.to_string(), "172.20.5.0/24");
  EXPECT_EQ(plan.gateway.to_string(), "172.20.5.1");
  EXPECT_THROW(plan_subnet(subnet("172.20.5.0/24"), address("172.20.6.1"), std::nullopt), Error);
  EXPECT_THROW(plan_subnet(subnet("172.20.5.0/24"), address("172.20.5.255"), std::nullopt), Error);
  EXPECT_THROW(plan_subnet(subnet("172.20.5.0/24"), std::nullopt, subnet("172.20.0.0/16")), Error);
  EXPECT_THROW(plan_subnet(subnet("172.20.5.0/31"), std::nullopt, std::nullopt), Error);
}

TEST(Ipam, ChoosesLowestFreeAddressInsideRange) {
  auto plan = plan_subnet(subnet("172.20.5.0/24"), std::nullopt, std::nullopt);
  EXPECT_EQ(choose_address(plan, {}).to_string(), "172.20.5.2");
  EXPECT_EQ(choose_address(plan, {address("172.20.5.2"), address("172.20.5.3")}).to_string(),
            "172.20.5.4");
  auto ranged = plan_subnet(subnet("172.20.5.0/24"), std::nullopt, subnet("172.20.5.128/25"));
  EXPECT_EQ(choose_address(ranged, {}).to_string(), "172.20.5.128");
  auto tiny = plan_subnet(subnet("172.20.5.0/30"), std::nullopt, std::nullopt);
  EXPECT_EQ(choose_address(tiny, {}).to_string(), "172.20.5.2");
  EXPECT_THROW(choose_address(tiny, {address("172.20.5.2")}), Error);
}

TEST(Ipam, RejectsUnusableRequestedAddresses) {
  auto plan = plan_subnet(subnet("172.20.5.0/24"), std::nullopt, std::nullopt);
  EXPECT_NO_THROW(check_requested_address(plan, address("172.20.5.9"), {}));
  EXPECT_THROW(check_requested_address(plan, address("172.20.5.1"), {}), Error);
  EXPECT_THROW(check_requested_address(plan, address("172.20.5.0"), {}), Error);
  EXPECT_THROW(check_requested_address(plan, address("172.20.6.9"), {}), Error);
  EXPECT_THROW(check_requested_address(plan, address("172.20.5.9"), {address("172.20.5.9")}),
               Error);
}

Ipv6Subnet subnet6(const char* text) { return Ipv6Subnet::parse(text); }
Ipv6Address address6(const char* text) { return Ipv6Address::parse(text); }

TEST(Ipv6, ParsesFormatsAndMasks) {
  EXPECT_EQ(address6("FD00:0:0::0001").to_string(), "fd00::1");
  EXPECT_EQ(subnet6("fd00:1:2:3:4::9/64").network().to_string(), "fd00:1:2:3::");
  EXPECT_EQ(subnet6("fd00::1").prefix_length, 128);
  EXPECT_EQ(subnet6("fd00::/64").size(), UINT64_MAX);
  EXPECT_EQ(subnet6("fd00::/120").size(), 256u);
  EXPECT_EQ(subnet6("fd00::/64").at(2).to_string(), "fd00::2");
  EXPECT_EQ(subnet6("fd00::ff/120").at(255).to_string(), "fd00::ff");
  EXPECT_EQ(subnet6("fd00::/64").past_end()->to_string(), "fd00:0:0:1::");
  EXPECT_EQ(subnet6("fd00::/7").past_end()->to_string(), "fe00::");
  EXPECT_FALSE(subnet6("ffff::/16").past_end());
  EXPECT_THROW(subnet6("fd00::/129"), Error);
  EXPECT_THROW(subnet6("fd00::/x"), Error);
  EXPECT_THROW(address6("10.0.0.1"), Error);
}

TEST(Ipv6, OverlapContainmentAndNthSubnet) {
  EXPECT_TRUE(subnet6("fd00::/8").overlaps(subnet6("fd6b:1::/64")));
  EXPECT_FALSE(subnet6("fd6b:1::/64").overlaps(subnet6("fd6b:2::/64")));
  EXPECT_TRUE(subnet6("fd6b::/48").contains(address6("fd6b:0:0:ffff::1")));
  EXPECT_FALSE(subnet6("fd6b::/48").contains(address6("fd6b:0:1::1")));
  EXPECT_EQ(nth_subnet(subnet6("fd6b::/48"), 64, 0)->to_string(), "fd6b::/64");
  EXPECT_EQ(nth_subnet(subnet6("fd6b::/48"), 64, 65535)->to_string(), "fd6b:0:0:ffff::/64");
  EXPECT_FALSE(nth_subnet(subnet6("fd6b::/48"), 64, 65536));
  EXPECT_EQ(nth_subnet(subnet6("::/0"), 1, 1)->to_string(), "8000::/1");
}

TEST(Ipam, Ipv6PoolsPlansAndAddresses) {
  auto pool = default_address_pool6();
  EXPECT_EQ(choose_subnet(pool, {}).to_string(), "fd6b:6572:7468::/64");
  EXPECT_EQ(choose_subnet(pool, {subnet6("fd6b:6572:7468::5/128")}).to_string(),
            "fd6b:6572:7468:1::/64");
  auto plan = plan_subnet(subnet6("fd00:1::77/64"), std::nullopt, std::nullopt);
  EXPECT_EQ(plan.subnet.to_string(), "fd00:1::/64");
  EXPECT_EQ(plan.gateway.to_string(), "fd00:1::1");
  EXPECT_EQ(choose_address(plan, {}).to_string(), "fd00:1::2");
  EXPECT_EQ(choose_address(plan, {address6("fd00:1::2")}).to_string(), "fd00:1::3");
  auto ranged =
      plan_subnet(subnet6("fd00:1::/64"), address6("fd00:1::ffff"), subnet6("fd00:1::100/120"));
  EXPECT_EQ(choose_address(ranged, {}).to_string(), "fd00:1::100");
  EXPECT_THROW(plan_subnet(subnet6("fd00:1::/127"), std::nullopt, std::nullopt), Error);
  EXPECT_THROW(plan_subnet(subnet6("fd00:1::/64"), address6("fd00:1::"), std::nullopt), Error);
  EXPECT_THROW(plan_subnet(subnet6("fd00:1::/64"), address6("fd00:2::1"), std::nullopt), Error);
  EXPECT_THROW(check_requested_address(plan, address6("fd00:1::1"), {}), Error);
  EXPECT_THROW(check_requested_address(plan, address6("fd00:1::"), {}), Error);
  EXPECT_NO_THROW(check_requested_address(plan, address6("fd00:1::9"), {}));
}

}  // namespace
}  // namespace berth::network

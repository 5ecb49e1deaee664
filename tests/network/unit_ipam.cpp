#include <gtest/gtest.h>

#include "network/ipam.h"
#include "network/ipv4.h"
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

}  // namespace
}  // namespace berth::network

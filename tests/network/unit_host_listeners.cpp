#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>

#include "network/host_listeners.h"

namespace berth::network {
namespace {

constexpr const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1\n"
    "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2\n"
    "   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 "
    "3\n";

constexpr const char* kTcp6 =
    "  sl  local_address                         remote_address                        st\n"
    "   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A\n"
    "   1: 00000000000000000000000001000000:0051 00000000000000000000000000000000:0000 0A\n"
    "   2: 0000000000000000FFFF00000A00000A:0052 00000000000000000000000000000000:0000 0A\n";

TEST(HostListeners, ParsesIpv4ListenersAndSkipsConnections) {
  auto listeners = parse_proc_net_table(kTcp, Protocol::tcp, false);
  ASSERT_EQ(listeners.size(), 2u);
  EXPECT_EQ(to_string(*listeners[0].address), "127.0.0.1");
  EXPECT_EQ(listeners[0].port, 8080);
  EXPECT_FALSE(listeners[1].address);
  EXPECT_EQ(listeners[1].port, 22);
}

TEST(HostListeners, Ipv6WildcardIsAnyMappedIsIpv4OtherIsIpv6) {
  auto listeners = parse_proc_net_table(kTcp6, Protocol::tcp, true);
  ASSERT_EQ(listeners.size(), 3u);
  EXPECT_FALSE(listeners[0].address);
  EXPECT_EQ(listeners[0].port, 80);
  EXPECT_EQ(to_string(*listeners[1].address), "::1");
  EXPECT_EQ(listeners[1].port, 81);
  EXPECT_EQ(to_string(*listeners[2].address), "10.0.0.10");
  EXPECT_EQ(listeners[2].port, 82);
}

inet_diag_msg diag_message(uint8_t family, uint16_t port, std::initializer_list<uint8_t> address) {
  inet_diag_msg message{};
  message.idiag_family = family;
  message.id.idiag_sport = htons(port);
  std::copy(address.begin(), address.end(), reinterpret_cast<uint8_t*>(message.id.idiag_src));
  return message;
}

TEST(HostListeners, DecodesSockDiagSocketsOfBothFamilies) {
  auto loopback = decode_diag_listener(diag_message(AF_INET, 8080, {127, 0, 0, 1}), Protocol::tcp);
  ASSERT_TRUE(loopback);
  EXPECT_EQ(to_string(*loopback->address), "127.0.0.1");
  EXPECT_EQ(loopback->port, 8080);
  EXPECT_FALSE(
      decode_diag_listener(diag_message(AF_INET, 53, {0, 0, 0, 0}), Protocol::udp)->address);
  EXPECT_EQ(decode_diag_listener(diag_message(AF_INET, 53, {}), Protocol::udp)->protocol,
            Protocol::udp);
  auto wildcard6 = decode_diag_listener(diag_message(AF_INET6, 80, {}), Protocol::tcp);
  ASSERT_TRUE(wildcard6);
  EXPECT_FALSE(wildcard6->address);
  auto mapped = decode_diag_listener(
      diag_message(AF_INET6, 82, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 10}),
      Protocol::tcp);
  EXPECT_EQ(to_string(*mapped->address), "10.0.0.10");
  auto own6 = decode_diag_listener(
      diag_message(AF_INET6, 81, {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
      Protocol::tcp);
  EXPECT_EQ(to_string(*own6->address), "fd00::1");
  EXPECT_FALSE(decode_diag_listener(diag_message(AF_UNIX, 1, {}), Protocol::tcp));
}

TEST(HostListeners, ClashRules) {
  PortMapping any{Protocol::tcp, std::nullopt, 8080, Ipv4Address::parse("10.0.0.2"), 80};
  PortMapping local = any;
  local.host_ip = Ipv4Address::parse("127.0.0.1");
  HostListener loopback{Protocol::tcp, Ipv4Address::parse("127.0.0.1"), 8080};
  HostListener other{Protocol::tcp, Ipv4Address::parse("192.168.1.5"), 8080};
  HostListener wildcard{Protocol::tcp, std::nullopt, 8080};
  HostListener udp{Protocol::udp, std::nullopt, 8080};
  EXPECT_TRUE(clashes(any, loopback));
  EXPECT_TRUE(clashes(local, loopback));
  EXPECT_FALSE(clashes(local, other));
  EXPECT_TRUE(clashes(local, wildcard));
  EXPECT_FALSE(clashes(any, udp));
}

TEST(HostListeners, FamiliesClashOnlyWithTheirOwnOrTheWildcard) {
  PortMapping any4{Protocol::tcp, std::nullopt, 8080, Ipv4Address::parse("10.0.0.2"), 80};
  PortMapping any6{Protocol::tcp, std::nullopt, 8080, Ipv6Address::parse("fd00::2"), 80};
  PortMapping one6 = any6;
  one6.host_ip = Ipv6Address::parse("fd00:1::1");
  HostListener v6_listener{Protocol::tcp, Ipv6Address::parse("fd00:1::1"), 8080};
  HostListener other_v6{Protocol::tcp, Ipv6Address::parse("fd00:1::9"), 8080};
  HostListener wildcard{Protocol::tcp, std::nullopt, 8080};
  EXPECT_FALSE(clashes(any4, v6_listener));
  EXPECT_TRUE(clashes(any6, v6_listener));
  EXPECT_TRUE(clashes(one6, v6_listener));
  EXPECT_FALSE(clashes(one6, other_v6));
  EXPECT_TRUE(clashes(one6, wildcard));
}

}  // namespace
}  // namespace berth::network

#include <gtest/gtest.h>

#include "network/container_files.h"
#include "util/error.h"

namespace berth::network {
namespace {

TEST(ContainerFiles, ResolvConfPointsAtGatewayUnlessDnsGiven) {
  ResolvConfSpec spec;
  spec.gateway = Ipv4Address::parse("10.89.0.1");
  spec.dns_search = {"example.test", "corp.test"};
  spec.dns_opt = {"ndots:2"};
  EXPECT_EQ(render_resolv_conf(spec),
            "# written by berth\nnameserver 10.89.0.1\nsearch example.test corp.test\n"
            "options ndots:2\n");
  spec.gateway6 = Ipv6Address::parse("fd6b:6572:7468::1");
  EXPECT_NE(render_resolv_conf(spec).find("nameserver 10.89.0.1\nnameserver fd6b:6572:7468::1\n"),
            std::string::npos);
  spec.dns = {"192.0.2.53"};
  EXPECT_NE(render_resolv_conf(spec).find("nameserver 192.0.2.53\n"), std::string::npos);
  EXPECT_EQ(render_resolv_conf(spec).find("10.89.0.1"), std::string::npos);
  EXPECT_EQ(render_resolv_conf(spec).find("fd6b"), std::string::npos);
}

TEST(ContainerFiles, HostsHasLocalhostOwnNameAndExtraHosts) {
  HostsSpec spec;
  spec.hostname = "abc123";
  spec.aliases = {"web"};
  spec.address = Ipv4Address::parse("10.89.0.2");
  spec.gateway = Ipv4Address::parse("10.89.0.1");
  spec.extra_hosts = {parse_extra_host("host.docker.internal:host-gateway"),
                      parse_extra_host("db=192.0.2.7"), parse_extra_host("v6:2001:db8::1")};
  EXPECT_EQ(render_hosts(spec),
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "10.89.0.2\tabc123 web\n10.89.0.1\thost.docker.internal\n192.0.2.7\tdb\n"
            "2001:db8::1\tv6\n");
}

TEST(ContainerFiles, HostsNamesTheContainerOnEachOfItsIpv6AddressesToo) {
  HostsSpec spec;
  spec.hostname = "abc123";
  spec.aliases = {"web"};
  spec.address = Ipv4Address::parse("172.18.0.2");
  spec.addresses6 = {Ipv6Address::parse("fd00::2"), Ipv6Address::parse("fd00:1::2")};
  spec.extra_hosts = {parse_extra_host("db=192.0.2.7")};
  EXPECT_EQ(render_hosts(spec),
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "172.18.0.2\tabc123 web\nfd00::2\tabc123 web\nfd00:1::2\tabc123 web\n"
            "192.0.2.7\tdb\n");
  spec.address.reset();
  spec.addresses6.pop_back();
  spec.extra_hosts.clear();
  EXPECT_EQ(render_hosts(spec),
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fd00::2\tabc123 web\n");
}

TEST(ContainerFiles, ParsesTheHostsResolvConfAsResolv5Reads) {
  auto spec = parse_resolv_conf(
      "# generated\nnameserver 192.0.2.53 # primary\nsearch a.test\n"
      "nameserver 192.0.2.54\ndomain b.test\noptions ndots:2\noptions edns0 ; trailing\n");
  EXPECT_EQ(spec.dns, (std::vector<std::string>{"192.0.2.53", "192.0.2.54"}));
  EXPECT_EQ(spec.dns_search, (std::vector<std::string>{"b.test"}));
  EXPECT_EQ(spec.dns_opt, (std::vector<std::string>{"ndots:2", "edns0"}));
  EXPECT_FALSE(spec.gateway);
}

TEST(ContainerFiles, HostsBaseReplacesTheLocalhostEntries) {
  HostsSpec spec;
  spec.base = "127.0.0.1\tlocalhost\n127.0.1.1\tbuildbox";
  spec.gateway = Ipv4Address::parse("127.0.0.1");
  spec.extra_hosts = {parse_extra_host("host.docker.internal:host-gateway")};
  EXPECT_EQ(render_hosts(spec),
            "127.0.0.1\tlocalhost\n127.0.1.1\tbuildbox\n127.0.0.1\thost.docker.internal\n");
}

TEST(ContainerFiles, HostGatewayWithoutGatewayAndBadEntriesFail) {
  HostsSpec spec;
  spec.extra_hosts = {{"h", "host-gateway"}};
  EXPECT_THROW(render_hosts(spec), Error);
  EXPECT_THROW(parse_extra_host("nohost"), Error);
  EXPECT_THROW(parse_extra_host(":1.2.3.4"), Error);
}

}  // namespace
}  // namespace berth::network

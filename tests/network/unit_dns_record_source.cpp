#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "network/dns_record_source.h"
#include "network/network_store.h"
#include "state/database.h"

namespace berth::network {
namespace {

class DnsRecordSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/berth-dns-source.XXXXXX";
    ASSERT_NE(::mkdtemp(name), nullptr);
    dir_ = name;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

NetworkRecord network_record(const std::string& name, const char* subnet, const char* gateway) {
  NetworkRecord record;
  record.name = name;
  record.project = "p";
  record.plan = {Ipv4Subnet::parse(subnet), Ipv4Address::parse(gateway), std::nullopt};
  return record;
}

EndpointRecord endpoint_record(int64_t network_id, const std::string& container, const char* ipv4) {
  EndpointRecord record;
  record.network_id = network_id;
  record.container = container;
  record.service = "web";
  record.ipv4 = Ipv4Address::parse(ipv4);
  return record;
}

TEST_F(DnsRecordSourceTest, LoadsIpv6AddressesAndGatewaysWhereTheyExist) {
  auto path = dir_ / "state.db";
  {
    auto db = state::Database::open(path);
    NetworkStore store(db);
    auto dual = network_record("p_dual", "10.7.0.0/24", "10.7.0.1");
    dual.plan6 = SubnetPlan6{Ipv6Subnet::parse("fd00:7::/64"), Ipv6Address::parse("fd00:7::1"),
                             std::nullopt};
    auto dual_id = store.insert_network(dual);
    auto v4_id = store.insert_network(network_record("p_v4", "10.8.0.0/24", "10.8.0.1"));
    auto web = endpoint_record(dual_id, "p-web-1", "10.7.0.2");
    web.ipv6 = Ipv6Address::parse("fd00:7::2");
    store.insert_endpoint(web);
    store.insert_endpoint(endpoint_record(v4_id, "p-web-2", "10.8.0.2"));
  }
  DnsRecordSource source(path);
  auto zone = source.load();
  EXPECT_EQ(zone.records.lookup6(Ipv4Address::parse("10.7.0.2"), "web"),
            std::vector<Ipv6Address>{Ipv6Address::parse("fd00:7::2")});
  EXPECT_EQ(zone.records.lookup(Ipv4Address::parse("10.8.0.2"), "web"),
            std::vector<Ipv4Address>{Ipv4Address::parse("10.8.0.2")});
  EXPECT_TRUE(zone.records.lookup6(Ipv4Address::parse("10.8.0.2"), "web").empty());
  // Both gateways of the dual-stack network, the one of the IPv4 network.
  std::vector<std::string> gateways;
  for (const auto& gateway : zone.gateways) gateways.push_back(to_string(gateway));
  std::sort(gateways.begin(), gateways.end());
  EXPECT_EQ(gateways, (std::vector<std::string>{"10.7.0.1", "10.8.0.1", "fd00:7::1"}));
}

}  // namespace
}  // namespace berth::network

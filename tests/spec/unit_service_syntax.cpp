#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec/merge.h"
#include "spec/mounts.h"
#include "spec/ports.h"
#include "spec/yaml_reader.h"
#include "util/error.h"

namespace berth::spec {
namespace {

using ::testing::HasSubstr;

Node item(const std::string& yaml) {
  return parse_yaml("v: " + yaml, "f.yaml").find("v")->items.at(0);
}

std::vector<PortMapping> ports(const std::string& yaml) {
  ParseContext context;
  return parse_port(item(yaml), "ports[0]", context);
}

TEST(Ports, ShortSyntaxForms) {
  auto p = ports("[\"127.0.0.1:8080:80/udp\"]");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host_ip, "127.0.0.1");
  EXPECT_EQ(p[0].published, "8080");
  EXPECT_EQ(p[0].target, 80u);
  EXPECT_EQ(p[0].protocol, "udp");
  EXPECT_EQ(ports("[80]")[0].published, "");
  EXPECT_EQ(ports("[\"[fe80::1]:53:53\"]")[0].host_ip, "fe80::1");
  EXPECT_EQ(ports("[\"::1:8080:80\"]")[0].host_ip, "::1");
  auto range = ports("[\"8000-8002:9000-9002\"]");
  ASSERT_EQ(range.size(), 3u);
  EXPECT_EQ(range[2].published, "8002");
  EXPECT_EQ(range[2].target, 9002u);
  EXPECT_EQ(ports("[\"8000-8010:80\"]")[0].published, "8000-8010");
}

TEST(Ports, RejectsBadSyntax) {
  EXPECT_THROW(ports("[\"80:70000\"]"), Error);
  EXPECT_THROW(ports("[\"80/icmp\"]"), Error);
  EXPECT_THROW(ports("[\"1-3:1-2\"]"), Error);
  EXPECT_THROW(ports("[{published: 80}]"), Error);
}

VolumeMount mount(const std::string& yaml) {
  ParseContext context;
  context.working_dir = "/proj";
  return parse_mount(item(yaml), "volumes[0]", context);
}

TEST(Mounts, ShortSyntax) {
  auto bind = mount("[\"./data:/data:ro,z\"]");
  EXPECT_EQ(bind.type, "bind");
  EXPECT_EQ(bind.source, "/proj/data");
  EXPECT_TRUE(bind.read_only);
  EXPECT_EQ(bind.bind_selinux, "z");
  auto named = mount("[\"cache:/cache:nocopy\"]");
  EXPECT_EQ(named.type, "volume");
  EXPECT_EQ(named.source, "cache");
  EXPECT_TRUE(named.volume_nocopy);
  EXPECT_EQ(mount("[/anon]").source, "");
  EXPECT_THROW(mount("[\"a:/b:bogus\"]"), Error);
}

TEST(Mounts, LongSyntax) {
  auto tmpfs = mount("[{type: tmpfs, target: /t, tmpfs: {size: 1g, mode: \"0755\"}}]");
  EXPECT_EQ(tmpfs.tmpfs_size, 1024LL * 1024 * 1024);
  EXPECT_EQ(tmpfs.tmpfs_mode, 0755u);
  auto bind = mount("[{type: bind, source: ../x, target: /x, bind: {create_host_path: false}}]");
  EXPECT_EQ(bind.source, "/x");
  EXPECT_EQ(bind.bind_create_host_path, false);
  auto sub =
      mount("[{type: volume, source: v, target: /v, read_only: true, volume: {subpath: a/b}}]");
  EXPECT_EQ(sub.volume_subpath, "a/b");
  EXPECT_TRUE(sub.read_only);
  EXPECT_THROW(mount("[{type: bind, target: /x}]"), Error);
  EXPECT_THROW(mount("[{type: nfs, target: /x}]"), Error);
}

Node merged(const std::string& base, const std::string& overlay) {
  Node result = parse_yaml(base, "base.yaml");
  merge_nodes(result, parse_yaml(overlay, "over.yaml"));
  strip_merge_tags(result);
  return result;
}

TEST(Merge, PortsUniqueVolumesByTargetCommandReplaced) {
  Node s = *merged(
                "services: {a: {ports: ['80:80', '90:90'], volumes: ['./x:/d', 'v:/e'], command: "
                "[a, b]}}",
                "services: {a: {ports: ['80:80', '91:91'], volumes: ['./y:/d'], command: [c]}}")
                .find("services")
                ->find("a");
  EXPECT_EQ(s.find("ports")->items.size(), 3u);
  ASSERT_EQ(s.find("volumes")->items.size(), 2u);
  EXPECT_EQ(s.find("volumes")->items[0].value, "./y:/d");
  ASSERT_EQ(s.find("command")->items.size(), 1u);
}

TEST(Merge, ResetAndOverrideTags) {
  Node s = *merged("services: {a: {image: x, ports: ['80:80'], labels: {k: v}}}",
                   "services: {a: {ports: !reset [], labels: !override {n: m}}}")
                .find("services")
                ->find("a");
  EXPECT_EQ(s.find("ports"), nullptr);
  EXPECT_EQ(s.find("labels")->entries.size(), 1u);
  EXPECT_EQ(s.find("labels")->entries[0].key, "n");
}

TEST(Merge, SecretsAndConfigsAreUniqueByWhereTheyLand) {
  Node s =
      *merged("services: {a: {secrets: [token, other], configs: [conf]}}",
              "services: {a: {secrets: [{source: token, target: /run/secrets/token, mode: 0400},"
              " {source: other, target: elsewhere}], configs: [{source: conf, target: /conf}]}}")
           .find("services")
           ->find("a");
  ASSERT_EQ(s.find("secrets")->items.size(), 3u);
  EXPECT_TRUE(s.find("secrets")->items[0].is_mapping());  // token replaced by the long form
  EXPECT_EQ(s.find("secrets")->items[1].value, "other");  // /run/secrets/elsewhere differs
  ASSERT_EQ(s.find("configs")->items.size(), 1u);
  EXPECT_TRUE(s.find("configs")->items[0].is_mapping());
}

TEST(Merge, ListAndMapEnvironmentsMergeByKey) {
  Node s = *merged("services: {a: {environment: [A=1, B=2], extra_hosts: ['h:1.1.1.1']}}",
                   "services: {a: {environment: {B: 3}, extra_hosts: ['h=2.2.2.2', 'i:3.3.3.3']}}")
                .find("services")
                ->find("a");
  EXPECT_EQ(s.find("environment")->find("A")->value, "1");
  EXPECT_EQ(s.find("environment")->find("B")->value, "3");
  EXPECT_EQ(s.find("extra_hosts")->find("h")->value, "2.2.2.2");
  EXPECT_EQ(s.find("extra_hosts")->find("i")->value, "3.3.3.3");
}

}  // namespace
}  // namespace berth::spec

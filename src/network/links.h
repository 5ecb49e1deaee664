#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "network/ipv4.h"
#include "network/rtnl_socket.h"

namespace berth::network {

using MacAddress = std::array<uint8_t, 6>;

MacAddress parse_mac(const std::string& text);  // "02:42:ac:11:00:02"
std::string format_mac(const MacAddress& mac);

struct BridgeSpec {
  std::string name;
  MacAddress mac;  // pinned, so the bridge keeps it as ports come and go
  std::optional<uint32_t> mtu;
};

struct VethSpec {
  std::string host_name;  // in the calling namespace, enslaved to `bridge_index`
  int bridge_index;
  std::string container_name;  // created directly inside `container_netns`
  const NamespaceFd* container_netns;
  std::optional<MacAddress> container_mac;
  std::optional<uint32_t> mtu;
};

// The link operations of rtnetlink that berth needs; every call is one message.
class Links {
 public:
  explicit Links(RtnlSocket& socket) : socket_(socket) {}

  void create_bridge(const BridgeSpec& spec);
  // Creates the pair with the host end up, the host end a bridge port, the container end
  // the container end named in its namespace (brought up by the caller): one message, no move or
  // rename.
  void create_veth(const VethSpec& spec);
  void remove(const std::string& name);
  // Moves a link into `group` (IFLA_GROUP), where remove_group finds it; false
  // when there is no such link.
  bool set_group(const std::string& name, uint32_t group);
  // Deletes every link of `group` with one message: the kernel then waits out
  // one RCU barrier for all of them instead of one per link (15-70 ms each on
  // this machine). Returns once the kernel has unlisted them all (their names
  // are free, no listing shows them); its last RCU barrier (~20 ms) finishes
  // in a child. An empty group is not an error.
  void remove_group(uint32_t group);
  void set_up(int index, const std::string& name);
  // Lets a bridge port send a frame back out of the port it came in on, so a
  // container reaches its own published port (hairpin NAT).
  void set_hairpin(int port_index, const std::string& name);

  std::optional<int> index_of(const std::string& name);
  std::vector<std::string> names_with_prefix(const std::string& prefix);
  // Names of the links whose master is the given bridge.
  std::vector<std::string> ports_of(int bridge_index);

 private:
  RtnlSocket& socket_;
};

}  // namespace berth::network

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/port_mapping.h"

namespace berth::network {

// berth's own nftables table (inet family, one per state root): published-port
// maps, masquerade, the 127.0.0.0/8 guard and the isolating forward chain.
// Networks and ports are set/map elements, so every change is a small atomic
// batch and the per-packet cost does not grow with the number of ports.
class FirewallTable {
 public:
  explicit FirewallTable(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  bool exists() const;
  // Creates the whole table in one batch unless it exists already.
  void ensure() const;
  void remove() const;  // the table and everything in it; absent is fine

  struct Network {
    std::string bridge;
    Ipv4Subnet subnet;
    std::optional<Ipv6Subnet> subnet6;
    bool internal = false;
  };
  void add_network(const Network& network) const;
  void remove_network(const Network& network) const;

  // Fails as a whole, naming the kernel's reason, when a port is taken.
  void publish(const std::vector<PortMapping>& ports) const;
  void unpublish(const std::vector<PortMapping>& ports) const;

 private:
  std::string name_;
};

}  // namespace berth::network

#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berth::network {

// A base chain of another firewall (iptables-nft, firewalld, a hand-written
// table) on the forward hook whose policy drops: berth's own accept cannot
// override it, so bridge traffic needs an accept in that firewall too.
struct DroppingForwardChain {
  uint32_t family;
  std::string table;
  std::string chain;
  std::string rule_chain;  // where berth's accepts go: DOCKER-USER if present, else `chain`
};

// Forward-hook base chains of other tables; only those whose policy drops
// unless `any_policy` (teardown looks everywhere berth may have written).
std::vector<DroppingForwardChain> find_forward_chains(const std::string& own_table,
                                                      bool any_policy = false);

// Narrow accept rules (iifname/oifname = one berth bridge) in the user hook of
// every dropping forward chain, tagged "berth:<root id>:<bridge>" so that
// teardown and gc remove exactly them.
class ForwardCoexistence {
 public:
  ForwardCoexistence(std::string own_table, std::string root_id, bool enabled)
      : own_table_(std::move(own_table)), root_id_(std::move(root_id)), enabled_(enabled) {}

  // With coexistence disabled and a dropping chain present, fails with an
  // error that says what to change; called before anything is created.
  void require_permission(const std::string& bridge) const;
  void allow(const std::string& bridge) const;
  void revoke(const std::string& bridge) const;

 private:
  std::string tag(const std::string& bridge) const;

  std::string own_table_;
  std::string root_id_;
  bool enabled_;
};

}  // namespace berth::network

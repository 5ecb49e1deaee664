#pragma once

#include <string>
#include <vector>

#include "spec/model.h"

namespace berth::spec {

struct DependencyEdge {
  std::string from;  // the dependent service
  std::string to;    // the service it waits for
  std::string condition;
};

// The first dependency cycle found (`a, b, a`), or empty.
std::vector<std::string> find_dependency_cycle(const Project& project);

// Service dependencies (depends_on, network_mode: service:X) as a Boost.Graph.
// Construction fails with the cycle named `a -> b -> a` when there is one.
class DependencyGraph {
 public:
  explicit DependencyGraph(const Project& project);

  // Dependencies first; ties broken by name so the order is stable.
  const std::vector<std::string>& start_order() const { return order_; }
  // Sets that can start in parallel: level 0 depends on nothing, level n on
  // services of lower levels only.
  const std::vector<std::vector<std::string>>& levels() const { return levels_; }
  const std::vector<DependencyEdge>& edges() const { return edges_; }
  const std::vector<std::string>& services() const { return names_; }

  std::string to_dot(const std::string& project_name) const;
  std::string to_mermaid() const;

 private:
  std::vector<std::string> names_;
  std::vector<DependencyEdge> edges_;
  std::vector<std::string> order_;
  std::vector<std::vector<std::string>> levels_;
};

}  // namespace berth::spec

#include "spec/graph.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <map>
#include <set>

#include "util/error.h"

namespace berth::spec {

namespace {

// Edges point from a service to what it depends on.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using Vertex = Graph::vertex_descriptor;

struct CycleFound {
  std::vector<Vertex> cycle;
};

// Tracks the DFS path so a back edge can be reported as the whole cycle.
class CycleVisitor : public boost::default_dfs_visitor {
 public:
  explicit CycleVisitor(std::vector<Vertex>& path) : path_(path) {}
  void discover_vertex(Vertex v, const Graph&) { path_.push_back(v); }
  void finish_vertex(Vertex, const Graph&) { path_.pop_back(); }
  void back_edge(Graph::edge_descriptor edge, const Graph& graph) {
    Vertex target = boost::target(edge, graph);
    auto start = std::find(path_.begin(), path_.end(), target);
    std::vector<Vertex> cycle(start, path_.end());
    cycle.push_back(target);
    throw CycleFound{cycle};
  }

 private:
  std::vector<Vertex>& path_;
};

struct Built {
  std::vector<std::string> names;
  std::map<std::string, Vertex> index;
  std::vector<DependencyEdge> edges;
  Graph graph;
};

Built build(const Project& project) {
  Built built;
  for (const auto& [name, service] : project.services) {
    built.index[name] = built.names.size();
    built.names.push_back(name);
  }
  built.graph = Graph(built.names.size());
  for (const auto& [name, service] : project.services) {
    for (const auto& [target, dependency] : service.depends_on)
      if (built.index.count(target)) built.edges.push_back({name, target, dependency.condition});
  }
  for (const auto& edge : built.edges)
    boost::add_edge(built.index[edge.from], built.index[edge.to], built.graph);
  return built;
}

std::vector<std::string> cycle_of(const Built& built) {
  std::vector<Vertex> path;
  std::vector<boost::default_color_type> colors(built.names.size());
  try {
    boost::depth_first_search(built.graph,
                              boost::visitor(CycleVisitor(path)).color_map(colors.data()));
  } catch (const CycleFound& found) {
    std::vector<std::string> names;
    for (Vertex v : found.cycle) names.push_back(built.names[v]);
    return names;
  }
  return {};
}

}  // namespace

std::vector<std::string> find_dependency_cycle(const Project& project) {
  return cycle_of(build(project));
}

DependencyGraph::DependencyGraph(const Project& project) {
  Built built = build(project);
  auto cycle = cycle_of(built);
  if (!cycle.empty()) {
    std::string text;
    for (const auto& name : cycle) text += (text.empty() ? "" : " -> ") + name;
    throw Error("dependency cycle: " + text);
  }
  names_ = built.names;
  edges_ = built.edges;
  const Graph& graph = built.graph;
  auto& index = built.index;

  // Kahn's algorithm over the remaining-dependency counts, by name for stability.
  std::vector<size_t> pending(names_.size());
  std::vector<size_t> level(names_.size(), 0);
  std::set<std::string> ready;
  for (Vertex v = 0; v < names_.size(); ++v) {
    pending[v] = boost::out_degree(v, graph);
    if (pending[v] == 0) ready.insert(names_[v]);
  }
  while (!ready.empty()) {
    std::string name = *ready.begin();
    ready.erase(ready.begin());
    Vertex v = index[name];
    order_.push_back(name);
    if (levels_.size() <= level[v]) levels_.resize(level[v] + 1);
    levels_[level[v]].push_back(name);
    for (auto [it, end] = boost::in_edges(v, graph); it != end; ++it) {
      Vertex dependent = boost::source(*it, graph);
      level[dependent] = std::max(level[dependent], level[v] + 1);
      if (--pending[dependent] == 0) ready.insert(names_[dependent]);
    }
  }
}

std::string DependencyGraph::to_dot(const std::string& project_name) const {
  std::string dot = "digraph \"" + project_name + "\" {\n  rankdir=LR;\n";
  for (const auto& name : names_) dot += "  \"" + name + "\";\n";
  for (const auto& edge : edges_)
    dot += "  \"" + edge.from + "\" -> \"" + edge.to + "\" [label=\"" + edge.condition + "\"];\n";
  return dot + "}\n";
}

// Nodes get ids of their own and the service name as a quoted label: a
// service may be called `end` (a mermaid keyword) or start with `o` or `x`
// (which mermaid reads as an edge's arrow head).
std::string DependencyGraph::to_mermaid() const {
  std::map<std::string, std::string> ids;
  std::string text = "graph LR\n";
  for (const auto& name : names_) {
    ids[name] = "s" + std::to_string(ids.size());
    text += "  " + ids[name] + "[\"" + name + "\"]\n";
  }
  for (const auto& edge : edges_)
    text += "  " + ids[edge.from] + " -->|" + edge.condition + "| " + ids[edge.to] + "\n";
  return text;
}

}  // namespace berth::spec

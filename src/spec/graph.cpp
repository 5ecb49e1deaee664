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

}  // namespace

DependencyGraph::DependencyGraph(const Project& project) {
  std::map<std::string, Vertex> index;
  for (const auto& [name, service] : project.services) {
    index[name] = names_.size();
    names_.push_back(name);
  }
  Graph graph(names_.size());
  for (const auto& [name, service] : project.services) {
    for (const auto& [target, dependency] : service.depends_on)
      if (index.count(target)) edges_.push_back({name, target, dependency.condition});
    const std::string& mode = service.network_mode;
    if (mode.rfind("service:", 0) == 0 && index.count(mode.substr(8)) &&
        !service.depends_on.count(mode.substr(8)))
      edges_.push_back({name, mode.substr(8), "service_started"});
  }
  for (const auto& edge : edges_) boost::add_edge(index[edge.from], index[edge.to], graph);

  std::vector<Vertex> path;
  std::vector<boost::default_color_type> colors(names_.size());
  try {
    boost::depth_first_search(graph, boost::visitor(CycleVisitor(path)).color_map(colors.data()));
  } catch (const CycleFound& found) {
    std::string text;
    for (Vertex v : found.cycle) text += (text.empty() ? "" : " -> ") + names_[v];
    throw Error("dependency cycle: " + text);
  }

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

std::string DependencyGraph::to_mermaid() const {
  std::string text = "graph LR\n";
  for (const auto& name : names_) text += "  " + name + "\n";
  for (const auto& edge : edges_)
    text += "  " + edge.from + " -->|" + edge.condition + "| " + edge.to + "\n";
  return text;
}

}  // namespace berth::spec

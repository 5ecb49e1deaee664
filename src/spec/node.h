#pragma once

#include <string>
#include <string_view>
#include <vector>

// berth's own YAML tree: yaml-cpp 0.7 loses marks on edited nodes, hides
// duplicate keys and ignores `<<`, so the loader builds this tree from parser
// events and keeps, for every node, where it came from.
namespace berth::spec {

struct Mark {
  std::string file;
  int line = 0;    // 1-based; 0 when the node was synthesized
  int column = 0;  // 1-based

  // "file:line:col", or just the file for synthesized nodes.
  std::string str() const;
};

struct Entry;

struct Node {
  enum class Kind { Null, Scalar, Sequence, Mapping };

  Kind kind = Kind::Null;
  std::string value;    // scalar text, exactly as written
  bool quoted = false;  // quoted or block scalar: always a string, never a number
  std::string tag;      // "!reset", "!override" or empty
  Mark mark;
  std::vector<Node> items;     // Sequence
  std::vector<Entry> entries;  // Mapping, in file order

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_mapping() const { return kind == Kind::Mapping; }

  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // Removes the entry if present; returns whether it was.
  bool erase(std::string_view key);
  // Sets (replacing or appending) an entry.
  Node& set(const std::string& key, Node value);

  static Node scalar(std::string text, Mark mark = {}, bool quoted = true);
  static Node mapping(Mark mark = {});
  static Node sequence(Mark mark = {});
};

struct Entry {
  std::string key;
  Mark key_mark;
  Node value;
};

const char* kind_name(Node::Kind kind);

}  // namespace berth::spec

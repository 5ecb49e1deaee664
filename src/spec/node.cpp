#include "spec/node.h"

#include <algorithm>

namespace berth::spec {

std::string Mark::str() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const Node* Node::find(std::string_view key) const {
  for (const auto& entry : entries)
    if (entry.key == key) return &entry.value;
  return nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

bool Node::erase(std::string_view key) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const Entry& entry) { return entry.key == key; });
  if (it == entries.end()) return false;
  entries.erase(it);
  return true;
}

Node& Node::set(const std::string& key, Node value) {
  if (Node* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  Mark key_mark = value.mark;
  entries.push_back(Entry{key, std::move(key_mark), std::move(value)});
  return entries.back().value;
}

Node Node::scalar(std::string text, Mark mark, bool quoted) {
  Node node;
  node.kind = Kind::Scalar;
  node.value = std::move(text);
  node.mark = std::move(mark);
  node.quoted = quoted;
  return node;
}

Node Node::mapping(Mark mark) {
  Node node;
  node.kind = Kind::Mapping;
  node.mark = std::move(mark);
  return node;
}

Node Node::sequence(Mark mark) {
  Node node;
  node.kind = Kind::Sequence;
  node.mark = std::move(mark);
  return node;
}

const char* kind_name(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::Null:
      return "null";
    case Node::Kind::Scalar:
      return "a scalar";
    case Node::Kind::Sequence:
      return "a list";
    case Node::Kind::Mapping:
      return "a mapping";
  }
  return "?";
}

}  // namespace berth::spec

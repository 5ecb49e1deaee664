#include "spec/yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <optional>
#include <sstream>

#include "spec/errors.h"
#include "spec/utf8.h"

namespace berth::spec {

namespace {

// Each alias copies its anchor's tree, so a few lines of nested aliases can
// expand exponentially; a real stack file stays far below this.
constexpr size_t kMaxAliasedNodes = 100000;

size_t count_nodes(const Node& node) {
  size_t count = 1;
  for (const auto& item : node.items) count += count_nodes(item);
  for (const auto& entry : node.entries) count += count_nodes(entry.value);
  return count;
}

struct PendingKey {
  std::string text;
  Mark mark;
  bool is_merge = false;
};

struct Frame {
  Node node;
  YAML::anchor_t anchor = 0;
  std::optional<PendingKey> key;
  std::vector<Node> merge_sources;  // values of `<<`, in order
};

// Builds the tree from yaml-cpp's event stream.
class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(std::string file) : file_(std::move(file)) {}

  std::optional<Node> root;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node node;
    node.mark = to_mark(mark);
    complete(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) fail_at(to_mark(mark), "", "unknown alias");
    aliased_nodes_ += count_nodes(it->second);
    if (aliased_nodes_ > kMaxAliasedNodes)
      fail_at(to_mark(mark), "",
              "aliases expand to more than " + std::to_string(kMaxAliasedNodes) +
                  " nodes: a stack file this large is most likely a billion-laughs bomb");
    complete(it->second, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (invalid_utf8_offset(value))
      fail_at(to_mark(mark), "", "invalid UTF-8 text: a stack file must be UTF-8");
    Node node = Node::scalar(value, to_mark(mark), tag != "?");
    node.tag = user_tag(tag);
    complete(std::move(node), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Frame frame{Node::sequence(to_mark(mark)), anchor, std::nullopt, {}};
    frame.node.tag = user_tag(tag);
    stack_.push_back(std::move(frame));
  }

  void OnSequenceEnd() override { finish_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Frame frame{Node::mapping(to_mark(mark)), anchor, std::nullopt, {}};
    frame.node.tag = user_tag(tag);
    stack_.push_back(std::move(frame));
  }

  void OnMapEnd() override {
    apply_merge_keys(stack_.back());
    finish_collection();
  }

 private:
  Mark to_mark(const YAML::Mark& mark) const { return Mark{file_, mark.line + 1, mark.column + 1}; }

  // Only compose's own tags matter; yaml-cpp's "?" and "!" mark plain and quoted.
  static std::string user_tag(const std::string& tag) {
    return (tag == "!reset" || tag == "!override") ? tag : std::string{};
  }

  void finish_collection() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(frame.node), frame.anchor);
  }

  void complete(Node node, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = node;
    if (stack_.empty()) {
      root = std::move(node);
      return;
    }
    Frame& parent = stack_.back();
    if (parent.node.is_sequence()) {
      parent.node.items.push_back(std::move(node));
    } else if (!parent.key) {
      take_key(parent, node);
    } else {
      add_entry(parent, std::move(node));
    }
  }

  void take_key(Frame& parent, const Node& key) {
    if (key.is_mapping() || key.is_sequence())
      fail_at(key.mark, "",
              "a mapping key must be a scalar, not " + std::string(kind_name(key.kind)));
    parent.key =
        PendingKey{key.value, key.mark, key.is_scalar() && !key.quoted && key.value == "<<"};
  }

  void add_entry(Frame& parent, Node value) {
    PendingKey key = std::move(*parent.key);
    parent.key.reset();
    if (key.is_merge) {
      add_merge_source(parent, std::move(value));
      return;
    }
    for (const auto& existing : parent.node.entries)
      if (existing.key == key.text)
        fail_at(key.mark, "",
                "duplicate key \"" + key.text + "\" (first defined at " + existing.key_mark.str() +
                    ")");
    parent.node.entries.push_back(
        Entry{std::move(key.text), std::move(key.mark), std::move(value)});
  }

  void add_merge_source(Frame& parent, Node value) {
    if (value.is_mapping()) {
      parent.merge_sources.push_back(std::move(value));
      return;
    }
    if (value.is_sequence()) {
      for (auto& item : value.items) {
        if (!item.is_mapping()) fail_at(item.mark, "<<", "merge key expects mappings");
        parent.merge_sources.push_back(std::move(item));
      }
      return;
    }
    fail_at(value.mark, "<<", "merge key expects a mapping or a list of mappings");
  }

  static void apply_merge_keys(Frame& frame) {
    for (auto& source : frame.merge_sources)
      for (auto& entry : source.entries)
        if (!frame.node.find(entry.key)) frame.node.entries.push_back(std::move(entry));
  }

  std::string file_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node> anchors_;
  size_t aliased_nodes_ = 0;
};

}  // namespace

Node parse_yaml(const std::string& text, const std::string& file_name) {
  std::istringstream stream(text);
  TreeBuilder builder(file_name);
  try {
    YAML::Parser parser(stream);
    if (!parser.HandleNextDocument(builder)) return Node{};
    if (parser.HandleNextDocument(builder))
      fail_at(Mark{file_name}, "", "more than one YAML document in a stack file");
  } catch (const YAML::ParserException& e) {
    fail_at(Mark{file_name, e.mark.line + 1, e.mark.column + 1}, "", e.msg);
  }
  return builder.root ? std::move(*builder.root) : Node{};
}

}  // namespace berth::spec

#include "spec/extends.h"

#include <algorithm>
#include <map>

#include "spec/errors.h"
#include "spec/merge.h"
#include "spec/paths.h"
#include "spec/reader.h"

namespace berth::spec {

namespace {

struct Target {
  std::string file;
  std::string service;
  std::string id() const { return file + "#" + service; }
};

class ExtendsResolver {
 public:
  ExtendsResolver(const Node& root, std::string file, const RawFileLoader& load_raw)
      : root_(root), file_(std::move(file)), load_raw_(load_raw) {}

  Node resolve(const Target& target, std::vector<std::string>& chain) {
    if (auto cached = done_.find(target.id()); cached != done_.end()) return cached->second;
    const Node& tree = target.file == file_ ? root_ : load_raw_(target.file);
    const Node* services = tree.find("services");
    const Node* service = services ? services->find(target.service) : nullptr;
    if (!service)
      fail_at(tree.mark, "services",
              "extends: no service \"" + target.service + "\" in " + target.file);
    const Node* extends = service->find("extends");
    if (!extends) return *service;
    std::string path = "services." + target.service + ".extends";
    Target base = parse_target(*extends, path, target.file);
    if (std::find(chain.begin(), chain.end(), base.id()) != chain.end()) {
      std::string cycle;
      bool in_cycle = false;
      for (const auto& id : chain) {
        in_cycle = in_cycle || id == base.id();
        if (in_cycle) cycle += id.substr(id.find('#') + 1) + " -> ";
      }
      fail_at(extends->mark, path, "extends cycle: " + cycle + base.service);
    }
    chain.push_back(base.id());
    Node merged = resolve(base, chain);
    chain.pop_back();
    Node own = *service;
    own.erase("extends");
    merge_nodes(merged, own, {"services", target.service});
    merged.mark = service->mark;
    done_[target.id()] = merged;
    return merged;
  }

 private:
  Target parse_target(const Node& extends, const std::string& path, const std::string& file) {
    if (extends.is_scalar()) return Target{file, extends.value};
    expect_mapping(extends, path);
    const Node* service = extends.find("service");
    if (!service) fail_at(extends.mark, path, "missing \"service\"");
    Target target{file, read_string(*service, path + ".service")};
    if (const Node* other = extends.find("file"))
      target.file = resolve_path(read_string(*other, path + ".file"), directory_of(file));
    return target;
  }

  const Node& root_;
  std::string file_;
  const RawFileLoader& load_raw_;
  std::map<std::string, Node> done_;
};

}  // namespace

void resolve_extends(Node& root, const std::string& file, const RawFileLoader& load_raw) {
  Node* services = root.find("services");
  if (!services || !services->is_mapping()) return;
  const Node original = root;
  ExtendsResolver resolver(original, file, load_raw);
  for (auto& entry : services->entries) {
    if (!entry.value.is_mapping() || !entry.value.find("extends")) continue;
    std::vector<std::string> chain = {file + "#" + entry.key};
    entry.value = resolver.resolve(Target{file, entry.key}, chain);
  }
}

}  // namespace berth::spec

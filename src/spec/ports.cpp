#include "spec/ports.h"

#include <regex>

#include "spec/errors.h"

namespace berth::spec {

namespace {

struct PortRange {
  uint32_t first = 0;
  uint32_t last = 0;
  bool empty = true;
  size_t size() const { return last - first + 1; }
};

const char* kShortForm = "expected [ip:][host[-range]:]container[-range][/protocol]";

PortRange parse_range(const std::string& text, const Node& node, const std::string& path) {
  static const std::regex kRange("([0-9]{1,5})(?:-([0-9]{1,5}))?");
  std::smatch match;
  if (!std::regex_match(text, match, kRange))
    fail_at(node.mark, path,
            "invalid port \"" + text + "\" in \"" + node.value + "\": " + kShortForm);
  PortRange range{static_cast<uint32_t>(std::stoul(match[1])), 0, false};
  range.last = match[2].matched ? static_cast<uint32_t>(std::stoul(match[2])) : range.first;
  if (range.first == 0 || range.last > 65535 || range.last < range.first)
    fail_at(node.mark, path, "invalid port range \"" + text + "\": ports are 1-65535, low-high");
  return range;
}

std::string check_protocol(const std::string& protocol, const Node& node, const std::string& path) {
  if (protocol != "tcp" && protocol != "udp" && protocol != "sctp")
    fail_at(node.mark, path, "invalid protocol \"" + protocol + "\": expected tcp, udp or sctp");
  return protocol;
}

std::vector<PortMapping> parse_short(const Node& node, const std::string& path) {
  std::string text = node.value;
  std::string protocol = "tcp";
  if (size_t slash = text.rfind('/'); slash != std::string::npos) {
    protocol = check_protocol(text.substr(slash + 1), node, path);
    text.resize(slash);
  }
  std::string host_ip;
  if (!text.empty() && text[0] == '[') {
    size_t close = text.find("]:");
    if (close == std::string::npos)
      fail_at(node.mark, path, std::string("unclosed [ in port: ") + kShortForm);
    host_ip = text.substr(1, close - 1);
    text = text.substr(close + 2);
  }
  std::string host, container = text;
  if (size_t colon = text.rfind(':'); colon != std::string::npos) {
    container = text.substr(colon + 1);
    host = text.substr(0, colon);
    if (size_t ip_colon = host.rfind(':'); ip_colon != std::string::npos) {
      if (!host_ip.empty()) fail_at(node.mark, path, kShortForm);
      host_ip = host.substr(0, ip_colon);
      host = host.substr(ip_colon + 1);
    }
  }
  PortRange targets = parse_range(container, node, path);
  PortRange published = host.empty() ? PortRange{} : parse_range(host, node, path);
  std::vector<PortMapping> result;
  if (targets.size() > 1 && !published.empty && published.size() != targets.size())
    fail_at(node.mark, path,
            "port ranges \"" + host + "\" and \"" + container + "\" differ in size");
  for (uint32_t i = 0; i < targets.size(); ++i) {
    PortMapping port;
    port.host_ip = host_ip;
    port.target = targets.first + i;
    port.protocol = protocol;
    if (!published.empty) {
      if (targets.size() > 1)
        port.published = std::to_string(published.first + i);
      else
        port.published = published.size() > 1 ? host : std::to_string(published.first);
    }
    result.push_back(std::move(port));
  }
  return result;
}

PortMapping parse_long_port(const Node& node, const std::string& path, ParseContext& context) {
  check_keys(node, path,
             {"name", "target", "published", "host_ip", "protocol", "mode", "app_protocol"}, {},
             context);
  PortMapping port;
  const Node* target = node.find("target");
  if (!target) fail_at(node.mark, path, "missing \"target\" (the container port)");
  int64_t number = read_int(*target, child_path(path, "target"));
  if (number < 1 || number > 65535)
    fail_at(target->mark, child_path(path, "target"), "port must be 1-65535");
  port.target = static_cast<uint32_t>(number);
  if (const Node* published = node.find("published")) {
    port.published = read_string(*published, child_path(path, "published"));
    parse_range(port.published, *published, child_path(path, "published"));
  }
  if (const Node* ip = node.find("host_ip"))
    port.host_ip = read_string(*ip, child_path(path, "host_ip"));
  if (const Node* protocol = node.find("protocol"))
    port.protocol = check_protocol(read_string(*protocol, child_path(path, "protocol")), *protocol,
                                   child_path(path, "protocol"));
  if (const Node* mode = node.find("mode")) {
    port.mode = read_string(*mode, child_path(path, "mode"));
    if (port.mode != "host" && port.mode != "ingress")
      fail_at(mode->mark, child_path(path, "mode"), "expected host or ingress");
  }
  if (const Node* name = node.find("name"))
    port.name = read_string(*name, child_path(path, "name"));
  if (const Node* app = node.find("app_protocol"))
    port.app_protocol = read_string(*app, child_path(path, "app_protocol"));
  return port;
}

}  // namespace

std::vector<PortMapping> parse_port(const Node& node, const std::string& path,
                                    ParseContext& context) {
  if (node.is_mapping()) return {parse_long_port(node, path, context)};
  if (!node.is_scalar())
    fail_at(node.mark, path,
            std::string(kShortForm) + " or a mapping, got " + kind_name(node.kind));
  return parse_short(node, path);
}

std::string port_identity(const PortMapping& port) {
  return port.host_ip + "|" + std::to_string(port.target) + "|" + port.published + "|" +
         port.protocol;
}

}  // namespace berth::spec

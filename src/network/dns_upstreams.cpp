#include "network/dns_upstreams.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "network/dns_message.h"
#include "util/error.h"

namespace berth::network {

namespace {

uint16_t parse_port(std::string_view text, std::string_view whole) {
  unsigned port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535)
    throw Error("bad port in DNS upstream", std::string(whole));
  return static_cast<uint16_t>(port);
}

std::vector<std::string> split_list(const std::string& text) {
  std::string spaced = text;
  for (char& c : spaced)
    if (c == ',') c = ' ';
  std::istringstream stream(spaced);
  std::vector<std::string> out;
  for (std::string word; stream >> word;) out.push_back(word);
  return out;
}
}  // namespace

DnsUpstream parse_dns_upstream(std::string_view text) {
  DnsUpstream upstream;
  upstream.text = std::string(text);
  std::string host(text);
  uint16_t port = dns::kPort;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) throw Error("bad DNS upstream", upstream.text);
    host = std::string(text.substr(1, close - 1));
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) throw Error("bad DNS upstream", upstream.text);
      port = parse_port(rest.substr(1), text);
    }
  } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                          text.find(':', colon + 1) == std::string_view::npos) {
    host = std::string(text.substr(0, colon));
    port = parse_port(text.substr(colon + 1), text);
  }
  try {
    upstream.address = SocketAddress::of(parse_ip_address(host), port);
  } catch (const Error&) {
    throw Error("DNS upstream is not an IP address", upstream.text);
  }
  return upstream;
}

std::vector<std::string> resolv_conf_nameservers(const std::string& content) {
  std::istringstream lines(content);
  std::vector<std::string> servers;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string keyword, server;
    // A scoped IPv6 address (fe80::1%eth0) names an interface of the host;
    // kept as written it would not parse, so it is skipped.
    if (words >> keyword >> server && keyword == "nameserver" &&
        server.find('%') == std::string::npos)
      servers.push_back(server);
  }
  return servers;
}

std::vector<std::string> choose_dns_upstreams(const std::vector<std::string>& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("BERTH_DNS_UPSTREAMS"); env && *env) return split_list(env);
  std::ifstream file("/etc/resolv.conf");
  std::stringstream content;
  content << file.rdbuf();
  return resolv_conf_nameservers(content.str());
}

}  // namespace berth::network

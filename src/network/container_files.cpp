#include "network/container_files.h"

#include <sstream>

#include "util/error.h"

namespace berth::network {

namespace {
std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}
}  // namespace

std::string render_resolv_conf(const ResolvConfSpec& spec) {
  std::string text = "# written by berth\n";
  if (!spec.dns.empty()) {
    for (const auto& server : spec.dns) text += "nameserver " + server + "\n";
  } else {
    if (spec.gateway) text += "nameserver " + spec.gateway->to_string() + "\n";
    if (spec.gateway6) text += "nameserver " + spec.gateway6->to_string() + "\n";
  }
  if (!spec.dns_search.empty()) text += "search " + join(spec.dns_search) + "\n";
  if (!spec.dns_opt.empty()) text += "options " + join(spec.dns_opt) + "\n";
  return text;
}

ResolvConfSpec parse_resolv_conf(const std::string& text) {
  ResolvConfSpec spec;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string keyword;
    words >> keyword;
    std::vector<std::string> values;
    for (std::string word; words >> word && word[0] != '#' && word[0] != ';';)
      values.push_back(word);
    if (keyword == "nameserver" && !values.empty()) spec.dns.push_back(values.front());
    // As in resolv.conf(5), the last search line wins and options accumulate.
    if (keyword == "search" || keyword == "domain") spec.dns_search = values;
    if (keyword == "options") spec.dns_opt.insert(spec.dns_opt.end(), values.begin(), values.end());
  }
  return spec;
}

ExtraHost parse_extra_host(const std::string& entry) {
  // The name never contains ':' or '=', an IPv6 address may contain ':'.
  auto separator = entry.find_first_of(":=");
  if (separator == std::string::npos || separator == 0 || separator + 1 == entry.size())
    throw Error("extra_hosts entry must be name:address or name=address", entry);
  return {entry.substr(0, separator), entry.substr(separator + 1)};
}

std::string render_hosts(const HostsSpec& spec) {
  std::string text = !spec.base.empty() ? spec.base
                                        : "127.0.0.1\tlocalhost\n"
                                          "::1\tlocalhost ip6-localhost ip6-loopback\n";
  if (text.back() != '\n') text += '\n';
  std::vector<std::string> names{spec.hostname};
  names.insert(names.end(), spec.aliases.begin(), spec.aliases.end());
  std::string named = "\t" + join(names) + "\n";
  if (spec.address) text += spec.address->to_string() + named;
  for (const auto& address : spec.addresses6) text += address.to_string() + named;
  for (const auto& host : spec.extra_hosts) {
    std::string address = host.address;
    if (address == "host-gateway") {
      if (!spec.gateway)
        throw Error("extra_hosts uses host-gateway but the container has no network gateway",
                    host.name);
      address = spec.gateway->to_string();
    }
    text += address + "\t" + host.name + "\n";
  }
  return text;
}

}  // namespace berth::network

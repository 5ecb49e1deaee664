#include "network/dns_records.h"

#include <algorithm>
#include <charconv>

#include "network/dns_message.h"

namespace berth::network {

namespace {
// The entries an index has under `key`, none when it has no such key.
template <typename Index, typename Key>
const std::vector<size_t>& indices_at(const Index& index, const Key& key) {
  static const std::vector<size_t> kNone;
  auto found = index.find(key);
  return found == index.end() ? kNone : found->second;
}

template <typename Address>
std::vector<Address> sorted_unique(std::vector<Address> addresses) {
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  return addresses;
}

std::optional<std::string> first_container(const std::vector<const DnsEntry*>& entries) {
  if (entries.empty()) return std::nullopt;
  return entries.front()->container;
}
}  // namespace

DnsRecords::DnsRecords(std::vector<DnsEntry> entries) : entries_(std::move(entries)) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    const auto& entry = entries_[i];
    std::vector<std::string> names = entry.aliases;
    names.push_back(entry.container);
    if (!entry.service.empty()) names.push_back(entry.service);
    for (const auto& name : names) {
      by_name_[dns::lower(name)].push_back(i);
      by_name_[dns::lower(name + "." + entry.network)].push_back(i);
    }
    by_address_[entry.address.value].push_back(i);
    if (entry.address6) by_address6_[*entry.address6].push_back(i);
    networks_[entry.container].push_back(entry.network_id);
    internal_[entry.network_id] = entry.internal;
  }
}

const std::vector<size_t>& DnsRecords::entries_at(const IpAddress& address) const {
  if (const auto* ipv4 = std::get_if<Ipv4Address>(&address))
    return indices_at(by_address_, ipv4->value);
  return indices_at(by_address6_, std::get<Ipv6Address>(address));
}

bool DnsRecords::may_forward(const IpAddress& requester) const {
  if (entries_at(requester).empty()) return true;
  auto networks = networks_of(requester);
  return std::any_of(networks.begin(), networks.end(),
                     [&](int64_t network) { return !internal_.at(network); });
}

std::vector<int64_t> DnsRecords::networks_of(const IpAddress& requester) const {
  std::vector<int64_t> networks;
  // All networks of the requesting container, not only the one the address is
  // on: a container on two networks sees the names of both.
  for (size_t index : entries_at(requester)) {
    const auto& of_container = networks_.at(entries_[index].container);
    networks.insert(networks.end(), of_container.begin(), of_container.end());
  }
  return networks;
}

std::vector<const DnsEntry*> DnsRecords::visible(const IpAddress& requester,
                                                 const std::vector<size_t>& candidates) const {
  std::vector<const DnsEntry*> entries;
  if (candidates.empty()) return entries;
  auto networks = networks_of(requester);
  for (size_t index : candidates) {
    const auto& entry = entries_[index];
    if (std::find(networks.begin(), networks.end(), entry.network_id) != networks.end())
      entries.push_back(&entry);
  }
  return entries;
}

std::vector<Ipv4Address> DnsRecords::lookup(const IpAddress& requester,
                                            std::string_view name) const {
  std::vector<Ipv4Address> addresses;
  for (const auto* entry : visible(requester, indices_at(by_name_, dns::lower(name))))
    addresses.push_back(entry->address);
  return sorted_unique(std::move(addresses));
}

std::vector<Ipv6Address> DnsRecords::lookup6(const IpAddress& requester,
                                             std::string_view name) const {
  std::vector<Ipv6Address> addresses;
  for (const auto* entry : visible(requester, indices_at(by_name_, dns::lower(name))))
    if (entry->address6) addresses.push_back(*entry->address6);
  return sorted_unique(std::move(addresses));
}

std::optional<std::string> DnsRecords::reverse(const IpAddress& requester,
                                               const IpAddress& target) const {
  return first_container(visible(requester, entries_at(target)));
}

std::optional<Ipv4Address> parse_reverse_name(std::string_view name) {
  constexpr std::string_view kSuffix = ".in-addr.arpa";
  std::string lowered = dns::lower(name);
  std::string_view rest = lowered;
  if (!rest.ends_with(kSuffix)) return std::nullopt;
  rest.remove_suffix(kSuffix.size());
  uint32_t value = 0;
  for (int octet = 0; octet < 4; ++octet) {
    auto dot = rest.find('.');
    bool last = octet == 3;
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    auto label = rest.substr(0, dot);
    unsigned number = 256;
    auto [end, error] = std::from_chars(label.data(), label.data() + label.size(), number);
    if (error != std::errc() || end != label.data() + label.size() || label.empty() || number > 255)
      return std::nullopt;
    value |= number << (8 * octet);  // the first label is the last octet
    rest = last ? std::string_view() : rest.substr(dot + 1);
  }
  return Ipv4Address{value};
}

std::optional<Ipv6Address> parse_reverse_name6(std::string_view name) {
  constexpr std::string_view kSuffix = ".ip6.arpa";
  constexpr size_t kNibbles = 32;
  std::string lowered = dns::lower(name);
  std::string_view rest = lowered;
  if (!rest.ends_with(kSuffix)) return std::nullopt;
  rest.remove_suffix(kSuffix.size());
  // One hex digit per label, so the name has a fixed length and shape.
  if (rest.size() != 2 * kNibbles - 1) return std::nullopt;
  Ipv6Address address;
  for (size_t i = 0; i < kNibbles; ++i) {
    if (i > 0 && rest[2 * i - 1] != '.') return std::nullopt;
    unsigned nibble = 0;
    const char* digit = rest.data() + 2 * i;
    if (std::from_chars(digit, digit + 1, nibble, 16).ec != std::errc()) return std::nullopt;
    // The first label is the low nibble of the last byte.
    address.bytes[15 - i / 2] |= static_cast<uint8_t>(nibble << (i % 2 == 0 ? 0 : 4));
  }
  return address;
}

}  // namespace berth::network

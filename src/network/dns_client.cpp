#include "network/dns_client.h"

#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "network/dns_message.h"
#include "network/socket_address.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::network {

namespace {

bool send_all(int fd, const std::vector<uint8_t>& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool receive_all(int fd, uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::recv(fd, data, size, 0);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::vector<uint8_t>> exchange(int fd, const std::vector<uint8_t>& query, bool tcp) {
  if (!tcp) {
    if (!send_all(fd, query)) return std::nullopt;
    std::vector<uint8_t> reply(65535);
    ssize_t n = ::recv(fd, reply.data(), reply.size(), 0);
    if (n <= 0) return std::nullopt;
    reply.resize(static_cast<size_t>(n));
    return reply;
  }
  std::vector<uint8_t> framed{static_cast<uint8_t>(query.size() >> 8),
                              static_cast<uint8_t>(query.size())};
  framed.insert(framed.end(), query.begin(), query.end());
  uint8_t length[2];
  if (!send_all(fd, framed) || !receive_all(fd, length, 2)) return std::nullopt;
  std::vector<uint8_t> reply(static_cast<size_t>(length[0] << 8 | length[1]));
  if (!receive_all(fd, reply.data(), reply.size())) return std::nullopt;
  return reply;
}

}  // namespace

std::optional<DnsAnswer> query_dns(const IpAddress& server, uint16_t port, std::string_view name,
                                   uint16_t type, bool tcp, std::chrono::milliseconds timeout) {
  dns::Message query;
  if (::getrandom(&query.header.id, sizeof query.header.id, 0) != sizeof query.header.id)
    throw_errno("getrandom");
  query.header.flags = dns::kFlagRecursionDesired;
  query.questions.push_back({std::string(name), type, dns::kClassIn});

  auto address = SocketAddress::of(server, port);
  UniqueFd fd(::socket(address.family(), (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0));
  if (!fd) throw_errno("cannot create a DNS client socket");
  timeval limit{static_cast<time_t>(timeout.count() / 1000),
                static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  if (::connect(fd.get(), address.get(), address.length) != 0) return std::nullopt;
  auto reply = exchange(fd.get(), dns::encode_message(query), tcp);
  if (!reply) return std::nullopt;

  dns::Message message;
  try {
    message = dns::parse_message(*reply);
  } catch (const Error&) {
    return std::nullopt;
  }
  if (message.header.id != query.header.id || !(message.header.flags & dns::kFlagResponse))
    return std::nullopt;
  DnsAnswer answer;
  answer.rcode = message.header.rcode();
  answer.truncated = message.header.flags & dns::kFlagTruncated;
  for (const auto& record : message.answers) {
    if (record.type == dns::kA && record.rdata.size() == 4)
      answer.addresses.push_back(Ipv4Address{static_cast<uint32_t>(
          record.rdata[0] << 24 | record.rdata[1] << 16 | record.rdata[2] << 8 | record.rdata[3])});
    else if (record.type == dns::kAaaa && record.rdata.size() == 16)
      std::copy(record.rdata.begin(), record.rdata.end(),
                answer.addresses6.emplace_back().bytes.begin());
    else if (record.type == dns::kPtr || record.type == dns::kCname)
      answer.names.push_back(dns::rdata_name(record));
  }
  return answer;
}

}  // namespace berth::network

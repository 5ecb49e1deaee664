#include "network/dns_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <thread>

#include "network/dns_message.h"
#include "network/dns_responder.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/log.h"

namespace berth::network {

namespace {

constexpr size_t kMaxForwards = 1024;  // in flight; beyond that queries are dropped
constexpr int kMaxTcpSessions = 64;    // each holds a thread
constexpr int kUdpBatch = 64;          // datagrams read per wake-up before others get a turn
constexpr int kTcpIdleSeconds = 5;
constexpr size_t kMaxMessage = 65535;  // what the TCP length prefix can say

UniqueFd bound_socket(const IpAddress& gateway, int type) {
  auto address = SocketAddress::of(gateway, dns::kPort);
  UniqueFd fd(::socket(address.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw_errno("cannot create a DNS socket");
  int one = 1;
  // The bridge may not carry its address yet when a reload races its creation.
  if (is_ipv6(gateway)) {
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof one);
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  } else {
    ::setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
  }
  if (type == SOCK_STREAM) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd.get(), address.get(), address.length) != 0)
    throw_errno("cannot bind the DNS responder", "port 53 of " + to_string(gateway));
  if (type == SOCK_STREAM && ::listen(fd.get(), 64) != 0)
    throw_errno("cannot listen for DNS over TCP", to_string(gateway));
  return fd;
}

uint16_t random_id() {
  uint16_t id = 0;
  if (::getrandom(&id, sizeof id, 0) != sizeof id) throw_errno("getrandom");
  return id;
}

void set_id(std::vector<uint8_t>& message, uint16_t id) {
  message[0] = static_cast<uint8_t>(id >> 8);
  message[1] = static_cast<uint8_t>(id);
}

uint16_t get_id(const uint8_t* message) {
  return static_cast<uint16_t>(message[0] << 8 | message[1]);
}

bool read_exact(int fd, uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t got = ::read(fd, data, size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    data += got;
    size -= static_cast<size_t>(got);
  }
  return true;
}

bool write_exact(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<size_t>(sent);
  }
  return true;
}

// DNS over TCP: each message is preceded by its length (RFC 1035 4.2.2).
bool write_framed(int fd, const std::vector<uint8_t>& message) {
  std::vector<uint8_t> framed{static_cast<uint8_t>(message.size() >> 8),
                              static_cast<uint8_t>(message.size())};
  framed.insert(framed.end(), message.begin(), message.end());
  return write_exact(fd, framed.data(), framed.size());
}

std::optional<std::vector<uint8_t>> read_framed(int fd) {
  uint8_t length[2];
  if (!read_exact(fd, length, 2)) return std::nullopt;
  std::vector<uint8_t> message(static_cast<size_t>(length[0] << 8 | length[1]));
  if (!read_exact(fd, message.data(), message.size())) return std::nullopt;
  return message;
}

void set_timeouts(int fd, std::chrono::milliseconds timeout) {
  timeval value{static_cast<time_t>(timeout.count() / 1000),
                static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value);  // also bounds connect()
}

UniqueFd make_signalfd() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : {SIGHUP, SIGTERM, SIGINT}) sigaddset(&set, signal);
  UniqueFd fd(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd) throw_errno("cannot create a signalfd");
  return fd;
}

}  // namespace

DnsServer::DnsServer(DnsServerConfig config)
    : config_(std::move(config)),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      signals_(make_signalfd()),
      source_(config_.database) {
  if (!epoll_) throw_errno("cannot create an epoll instance");
  watch(signals_.get());
  auto zone = source_.load();
  records_ = std::make_shared<const DnsRecords>(std::move(zone.records));
  gateways_ = std::move(zone.gateways);
  gateways_changed_ = true;
  sync_listeners();
  write_generation();
}

void DnsServer::watch(int fd) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) throw_errno("epoll_ctl");
}

std::shared_ptr<const DnsRecords> DnsServer::fresh_records() {
  std::lock_guard lock(mutex_);
  try {
    if (source_.changed()) {
      auto zone = source_.load();
      records_ = std::make_shared<const DnsRecords>(std::move(zone.records));
      gateways_changed_ = gateways_changed_ || zone.gateways != gateways_;
      gateways_ = std::move(zone.gateways);
    }
  } catch (const std::exception& error) {
    log::error("berth-dns: reading the state db failed, keeping the old records: {}", error.what());
  }
  return records_;
}

void DnsServer::reload() {
  fresh_records();
  sync_listeners();
  ++generation_;
  write_generation();
}

// Opens sockets for new gateways and closes those of removed networks; the
// sockets of every other network stay open, so no query is lost to a reload.
void DnsServer::sync_listeners() {
  std::vector<IpAddress> wanted;
  {
    std::lock_guard lock(mutex_);
    if (!gateways_changed_) return;
    gateways_changed_ = false;
    wanted = gateways_;
  }
  for (auto it = listeners_.begin(); it != listeners_.end();) {
    bool keep = std::find(wanted.begin(), wanted.end(), it->first) != wanted.end();
    it = keep ? std::next(it) : listeners_.erase(it);
  }
  for (const auto& gateway : wanted) {
    if (listeners_.contains(gateway)) continue;
    try {
      Listener listener{bound_socket(gateway, SOCK_DGRAM), bound_socket(gateway, SOCK_STREAM)};
      watch(listener.udp.get());
      watch(listener.tcp.get());
      listeners_.emplace(gateway, std::move(listener));
    } catch (const Error& error) {
      // One network's clash (say, another resolver on its gateway) must not
      // take names away from the others.
      log::error("berth-dns: {}", error.what());
    }
  }
}

void DnsServer::write_generation() {
  write_file_atomically(config_.paths.generation_file(), std::to_string(generation_) + "\n");
}

void DnsServer::run() {
  epoll_event events[32];
  for (;;) {
    int ready = ::epoll_wait(epoll_.get(), events, 32, next_timeout_ms());
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw_errno("epoll_wait");
    for (int i = 0; i < ready; ++i) {
      int fd = events[i].data.fd;
      if (fd != signals_.get()) {
        handle(fd);
        continue;
      }
      signalfd_siginfo info;
      while (::read(signals_.get(), &info, sizeof info) == sizeof info) {
        if (info.ssi_signo != SIGHUP) return;
        reload();
      }
    }
    expire_forwards();
    sync_listeners();
  }
}

void DnsServer::handle(int fd) {
  if (forwards_.contains(fd)) return finish_forward(fd);
  for (const auto& [gateway, listener] : listeners_) {
    if (listener.udp.get() == fd) return serve_udp(gateway, fd);
    if (listener.tcp.get() == fd) return accept_tcp(fd);
  }
}

void DnsServer::serve_udp(const IpAddress& gateway, int fd) {
  uint8_t buffer[kMaxMessage];
  for (int i = 0; i < kUdpBatch; ++i) {
    SocketAddress client;
    ssize_t got = ::recvfrom(fd, buffer, sizeof buffer, 0, client.get(), &client.length);
    if (got < 0) return;  // EAGAIN: drained
    std::span<const uint8_t> query(buffer, static_cast<size_t>(got));
    auto decision =
        decide_dns_reply(*fresh_records(), client.ip(), query, dns::kMaxUdpSize, rotation_++);
    if (decision.kind == DnsDecision::answer) reply_udp(gateway, client, decision.reply);
    if (decision.kind != DnsDecision::forward) continue;
    if (forwards_.size() >= kMaxForwards) continue;
    Forward forward;
    forward.gateway = gateway;
    forward.client = client;
    forward.query.assign(query.begin(), query.end());
    forward.client_id = get_id(buffer);
    launch(std::move(forward));
  }
}

void DnsServer::reply_udp(const IpAddress& gateway, const SocketAddress& client,
                          const std::vector<uint8_t>& reply) {
  auto listener = listeners_.find(gateway);
  if (listener == listeners_.end() || reply.empty()) return;  // network removed meanwhile
  ::sendto(listener->second.udp.get(), reply.data(), reply.size(), MSG_NOSIGNAL, client.get(),
           client.length);
}

// Sends the query to the next upstream that takes it, each from a fresh
// socket with a random port and id, so answers are hard to spoof.
void DnsServer::launch(Forward forward) {
  for (; forward.upstream < config_.upstreams.size(); ++forward.upstream) {
    const auto& upstream = config_.upstreams[forward.upstream];
    UniqueFd socket(
        ::socket(upstream.address.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!socket || ::connect(socket.get(), upstream.address.get(), upstream.address.length) != 0)
      continue;
    forward.upstream_id = random_id();
    set_id(forward.query, forward.upstream_id);
    if (::send(socket.get(), forward.query.data(), forward.query.size(), MSG_NOSIGNAL) < 0)
      continue;
    forward.deadline = std::chrono::steady_clock::now() + config_.upstream_timeout;
    int fd = socket.get();
    watch(fd);
    forward.socket = std::move(socket);
    forwards_.emplace(fd, std::move(forward));
    return;
  }
  set_id(forward.query, forward.client_id);
  reply_udp(forward.gateway, forward.client, dns_failure_reply(forward.query));
}

void DnsServer::finish_forward(int fd) {
  auto node = forwards_.extract(fd);
  auto& forward = node.mapped();
  uint8_t buffer[kMaxMessage];
  ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
  if (got < 0 && errno != EAGAIN) {
    // Refused (ICMP port unreachable) or similar: on to the next upstream.
    ++forward.upstream;
    return launch(std::move(forward));
  }
  if (got < static_cast<ssize_t>(dns::kHeaderSize) || get_id(buffer) != forward.upstream_id) {
    forwards_.insert(std::move(node));  // not our answer; keep waiting
    return;
  }
  std::vector<uint8_t> reply(buffer, buffer + got);
  set_id(reply, forward.client_id);
  reply_udp(forward.gateway, forward.client, reply);
}

void DnsServer::expire_forwards() {
  auto now = std::chrono::steady_clock::now();
  std::vector<int> expired;
  for (const auto& [fd, forward] : forwards_)
    if (forward.deadline <= now) expired.push_back(fd);
  for (int fd : expired) {
    auto forward = std::move(forwards_.extract(fd).mapped());
    forward.socket.reset();
    ++forward.upstream;
    launch(std::move(forward));
  }
}

int DnsServer::next_timeout_ms() const {
  if (forwards_.empty()) return -1;
  auto next =
      std::min_element(forwards_.begin(), forwards_.end(), [](const auto& a, const auto& b) {
        return a.second.deadline < b.second.deadline;
      })->second.deadline;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<int64_t>(wait.count(), 0));
}

void DnsServer::accept_tcp(int fd) {
  SocketAddress client;
  UniqueFd connection(::accept4(fd, client.get(), &client.length, SOCK_CLOEXEC));
  if (!connection || tcp_sessions_ >= kMaxTcpSessions) return;
  ++tcp_sessions_;
  auto requester = client.ip();
  // Detached: the process ends with _exit on SIGTERM, and a session never
  // outlives its idle timeout otherwise; the server object lives until then.
  std::thread([this, connection = std::move(connection), requester]() mutable {
    serve_tcp(std::move(connection), requester);
    --tcp_sessions_;
  }).detach();
}

void DnsServer::serve_tcp(UniqueFd connection, IpAddress requester) {
  set_timeouts(connection.get(), std::chrono::seconds(kTcpIdleSeconds));
  while (auto query = read_framed(connection.get())) {
    auto decision = decide_dns_reply(*fresh_records(), requester, *query, kMaxMessage, rotation_++);
    if (decision.kind == DnsDecision::drop) return;
    auto reply = decision.kind == DnsDecision::answer ? decision.reply : forward_tcp(*query);
    if (reply.empty() || !write_framed(connection.get(), reply)) return;
  }
}

std::vector<uint8_t> DnsServer::forward_tcp(const std::vector<uint8_t>& query) {
  for (const auto& upstream : config_.upstreams) {
    UniqueFd socket(::socket(upstream.address.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!socket) continue;
    set_timeouts(socket.get(), config_.upstream_timeout);
    if (::connect(socket.get(), upstream.address.get(), upstream.address.length) != 0) continue;
    if (!write_framed(socket.get(), query)) continue;
    if (auto reply = read_framed(socket.get())) return *reply;
  }
  return dns_failure_reply(query);
}

}  // namespace berth::network

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "network/dns_paths.h"
#include "network/dns_record_source.h"
#include "network/dns_records.h"
#include "network/dns_upstreams.h"
#include "network/socket_address.h"
#include "util/unique_fd.h"

namespace berth::network {

struct DnsServerConfig {
  std::filesystem::path database;
  DnsPaths paths;
  std::vector<DnsUpstream> upstreams;
  std::chrono::milliseconds upstream_timeout{2000};
};

// The body of berth-dns: UDP and TCP port 53 on every network's gateways,
// answering from the state db and forwarding the rest. One thread runs UDP
// (forwarding without blocking, so a slow upstream stalls nobody); each TCP
// connection, which is rare, gets a short-lived thread of its own.
class DnsServer {
 public:
  // Loads the records and binds the listeners; SIGHUP, SIGTERM and SIGINT
  // must already be blocked in the calling thread (they arrive via signalfd).
  explicit DnsServer(DnsServerConfig config);
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  // Serves until SIGTERM or SIGINT. SIGHUP reloads the records and listeners
  // without closing the sockets of networks that remain.
  void run();

 private:
  struct Listener {
    UniqueFd udp;
    UniqueFd tcp;
  };
  struct Forward {
    UniqueFd socket;
    IpAddress gateway;  // whose UDP socket answers the client
    SocketAddress client;
    uint16_t client_id = 0;
    uint16_t upstream_id = 0;
    std::vector<uint8_t> query;
    size_t upstream = 0;
    std::chrono::steady_clock::time_point deadline;
  };

  std::shared_ptr<const DnsRecords> fresh_records();
  void reload();
  void sync_listeners();
  void watch(int fd);
  void handle(int fd);
  void serve_udp(const IpAddress& gateway, int fd);
  void accept_tcp(int fd);
  void serve_tcp(UniqueFd connection, IpAddress requester);
  std::vector<uint8_t> forward_tcp(const std::vector<uint8_t>& query);
  void launch(Forward forward);
  void finish_forward(int fd);
  void expire_forwards();
  int next_timeout_ms() const;
  void reply_udp(const IpAddress& gateway, const SocketAddress& client,
                 const std::vector<uint8_t>& reply);
  void write_generation();

  DnsServerConfig config_;
  UniqueFd epoll_;
  UniqueFd signals_;
  std::mutex mutex_;  // guards source_, records_, gateways_ (TCP threads read too)
  DnsRecordSource source_;
  std::shared_ptr<const DnsRecords> records_;
  std::vector<IpAddress> gateways_;
  bool gateways_changed_ = false;
  std::map<IpAddress, Listener> listeners_;    // by gateway
  std::unordered_map<int, Forward> forwards_;  // by upstream socket
  std::atomic<uint32_t> rotation_{0};
  std::atomic<int> tcp_sessions_{0};
  uint64_t generation_ = 0;
};

}  // namespace berth::network

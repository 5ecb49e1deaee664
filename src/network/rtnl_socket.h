#pragma once

#include <libmnl/libmnl.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/namespace_fd.h"

namespace berth::network {

// One rtnetlink request under construction: a header plus attributes, in a
// buffer large enough for any message berth sends.
class RtnlMessage {
 public:
  RtnlMessage(uint16_t type, uint16_t flags);
  RtnlMessage(const RtnlMessage&) = delete;
  RtnlMessage& operator=(const RtnlMessage&) = delete;

  nlmsghdr* header() { return header_; }
  // The family-specific header (ifinfomsg, ifaddrmsg, rtmsg, ...), zeroed.
  template <typename T>
  T* put_family_header() {
    return static_cast<T*>(mnl_nlmsg_put_extra_header(header_, sizeof(T)));
  }

 private:
  alignas(nlmsghdr) std::array<char, 4096> buffer_{};
  nlmsghdr* header_;
};

// Calls `visit` for each top-level attribute after the family header.
void for_each_attribute(const nlmsghdr* header, size_t family_header_size,
                        const std::function<void(const nlattr*)>& visit);

// An rtnetlink socket bound to the network namespace it was opened in; it keeps
// talking to that namespace after the thread leaves it.
class RtnlSocket {
 public:
  RtnlSocket();  // in the calling thread's network namespace
  static RtnlSocket in_namespace(const NamespaceFd& netns);
  // A new socket in this one's namespace that also receives the kernel's
  // notifications of `groups` (RTMGRP_* bits), subscribed before it returns.
  RtnlSocket subscriber(unsigned groups) const;

  // Sends a request and waits for the kernel's acknowledgement; a refusal
  // becomes an Error naming `what` and `object` with the kernel's errno.
  void request(RtnlMessage& message, const std::string& what, const std::string& object);

  // Sends a dump request and hands every answer message to `visit`, once the
  // kernel has answered with a consistent dump: one it flags as interrupted
  // (the table changed meanwhile, e.g. links another berth deletes) is asked
  // for again, so `visit` never sees a partial or mixed listing.
  void dump(RtnlMessage& message, const std::function<void(const nlmsghdr*)>& visit,
            const std::string& what);

  // Whether a link of index `index` can still be looked up in this socket's
  // namespace. An RCU lookup: it does not wait for a deletion holding RTNL.
  bool is_listed(int index) const;
  // The index of the link named `name` in this socket's namespace: an RCU
  // lookup, where a dump would list every link of the namespace.
  std::optional<int> index_of(const std::string& name) const;

  // For a request whose effect the kernel announces well before it answers
  // (deleting bridges: unlisted at once, then torn down through RCU barriers
  // of tens of milliseconds): a forked child sends it on this socket (a subscriber) and
  // sits out the kernel's work, while this returns once `settled` accepts a
  // notification, or at the kernel's answer, whichever comes first. A refusal
  // throws as request() does. The child exits by itself; whoever inherits it
  // when berth exits reaps it.
  void request_until_notified(RtnlMessage& message,
                              const std::function<bool(const nlmsghdr*)>& settled,
                              const std::string& what, const std::string& object);

 private:
  struct Closer {
    void operator()(mnl_socket* socket) const { mnl_socket_close(socket); }
  };
  explicit RtnlSocket(unsigned groups);
  void send(RtnlMessage& message, const std::string& what, const std::string& object);
  // Reads what has arrived, without waiting: the answer to request `sequence`
  // (0 or a negative errno) once it is there; notifications go to `notified`.
  std::optional<int> read_arrivals(uint32_t sequence,
                                   const std::function<void(const nlmsghdr*)>& notified);
  // One dump's answer messages, read to its end; false when flagged interrupted.
  bool collect_dump(RtnlMessage& message, const std::string& what,
                    std::vector<std::vector<char>>& messages);

  std::unique_ptr<mnl_socket, Closer> socket_;
  uint32_t port_id_ = 0;
  uint32_t next_sequence_ = 1;
};

}  // namespace berth::network

#include "network/rtnl_socket.h"

#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

#include "util/error.h"
#include "util/namespace_fd.h"
#include "util/scoped_netns_entry.h"
#include "util/unique_fd.h"

namespace berth::network {

RtnlMessage::RtnlMessage(uint16_t type, uint16_t flags)
    : header_(mnl_nlmsg_put_header(buffer_.data())) {
  header_->nlmsg_type = type;
  header_->nlmsg_flags = NLM_F_REQUEST | flags;
}

RtnlSocket::RtnlSocket() : RtnlSocket(0u) {}

RtnlSocket::RtnlSocket(unsigned groups) : socket_(mnl_socket_open(NETLINK_ROUTE)) {
  if (!socket_) throw_errno("opening rtnetlink socket");
  if (mnl_socket_bind(socket_.get(), groups, MNL_SOCKET_AUTOPID) < 0)
    throw_errno("binding rtnetlink socket");
  port_id_ = mnl_socket_get_portid(socket_.get());
}

RtnlSocket RtnlSocket::subscriber(unsigned groups) const {
  int fd = mnl_socket_get_fd(socket_.get());
  ScopedNetnsEntry entry(NamespaceFd::of_socket(fd));
  RtnlSocket socket(groups);
  // Room for the notifications of a few thousand links at once; without the
  // privilege to force it the default is kept, and an overflow is handled.
  int size = 4 << 20;
  ::setsockopt(mnl_socket_get_fd(socket.socket_.get()), SOL_SOCKET, SO_RCVBUFFORCE, &size,
               sizeof size);
  return socket;
}

RtnlSocket RtnlSocket::in_namespace(const NamespaceFd& netns) {
  ScopedNetnsEntry entry(netns);
  return RtnlSocket();
}

bool RtnlSocket::is_listed(int index) const {
  ifreq request{};
  request.ifr_ifindex = index;
  if (::ioctl(mnl_socket_get_fd(socket_.get()), SIOCGIFNAME, &request) == 0) return true;
  if (errno == ENODEV) return false;
  throw_errno("looking up link", std::to_string(index));
}

std::optional<int> RtnlSocket::index_of(const std::string& name) const {
  ifreq request{};
  if (name.empty() || name.size() >= sizeof(request.ifr_name)) return std::nullopt;
  name.copy(request.ifr_name, name.size());
  if (::ioctl(mnl_socket_get_fd(socket_.get()), SIOCGIFINDEX, &request) == 0)
    return request.ifr_ifindex;
  if (errno == ENODEV) return std::nullopt;
  throw_errno("looking up link", name);
}

void RtnlSocket::send(RtnlMessage& message, const std::string& what, const std::string& object) {
  nlmsghdr* header = message.header();
  header->nlmsg_seq = next_sequence_++;
  if (mnl_socket_sendto(socket_.get(), header, header->nlmsg_len) < 0)
    throw_errno(what + " (sending)", object);
}

void RtnlSocket::request(RtnlMessage& message, const std::string& what, const std::string& object) {
  message.header()->nlmsg_flags |= NLM_F_ACK;
  send(message, what, object);
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket_.get(), buffer.data(), buffer.size());
    if (received < 0) throw_errno(what + " (receiving)", object);
    int rc = mnl_cb_run(buffer.data(), static_cast<size_t>(received), message.header()->nlmsg_seq,
                        port_id_, nullptr, nullptr);
    if (rc < 0) throw_errno(what, object);
    if (rc == MNL_CB_STOP) return;
  }
}

namespace {
// The forked child of request_until_notified: it must not allocate or take a
// lock (the parent may have threads), and holds nothing of the parent's but
// the socket and the pipe to report a failed send on, so that neither berth's
// output pipes nor its lock files wait for it.
[[noreturn]] void send_from_child(int socket_fd, const nlmsghdr* header, int report_fd) {
  auto close_between = [](int first, int last) {
    if (first <= last) ::close_range(static_cast<unsigned>(first), static_cast<unsigned>(last), 0);
  };
  int low = std::min(socket_fd, report_fd), high = std::max(socket_fd, report_fd);
  close_between(0, low - 1);
  close_between(low + 1, high - 1);
  close_between(high + 1, INT_MAX);
  if (::send(socket_fd, header, header->nlmsg_len, 0) < 0) {
    int code = errno;
    [[maybe_unused]] auto written = ::write(report_fd, &code, sizeof code);
  }
  ::_exit(0);
}
}  // namespace

std::optional<int> RtnlSocket::read_arrivals(uint32_t sequence,
                                             const std::function<void(const nlmsghdr*)>& notified) {
  std::optional<int> answer;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    ssize_t received =
        ::recv(mnl_socket_get_fd(socket_.get()), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (received < 0) {
      if (errno == EAGAIN) return answer;
      if (errno == ENOBUFS) continue;  // notifications were lost: it only delays `settled`
      throw_errno("receiving rtnetlink notifications");
    }
    int remaining = static_cast<int>(received);
    for (auto* header = reinterpret_cast<const nlmsghdr*>(buffer.data());
         mnl_nlmsg_ok(header, remaining); header = mnl_nlmsg_next(header, &remaining)) {
      if (header->nlmsg_type == NLMSG_ERROR && header->nlmsg_seq == sequence &&
          header->nlmsg_pid == port_id_)
        answer = *static_cast<const int*>(mnl_nlmsg_get_payload(header));
      else if (header->nlmsg_type >= NLMSG_MIN_TYPE)
        notified(header);
    }
  }
}

void RtnlSocket::request_until_notified(RtnlMessage& message,
                                        const std::function<bool(const nlmsghdr*)>& settled,
                                        const std::string& what, const std::string& object) {
  nlmsghdr* header = message.header();
  header->nlmsg_flags |= NLM_F_ACK;
  header->nlmsg_seq = next_sequence_++;
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) throw_errno(what + " (creating a pipe)", object);
  UniqueFd report(ends[0]), child_end(ends[1]);
  pid_t child = ::fork();
  if (child < 0) throw_errno(what + " (forking)", object);
  if (child == 0) send_from_child(mnl_socket_get_fd(socket_.get()), header, child_end.get());
  child_end.reset();

  bool announced = false, sent = false;
  auto notified = [&](const nlmsghdr* notification) {
    announced = announced || settled(notification);
  };
  for (;;) {
    pollfd waits[2] = {{mnl_socket_get_fd(socket_.get()), POLLIN, 0},
                       {sent ? -1 : report.get(), POLLIN, 0}};
    if (::poll(waits, 2, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno(what + " (waiting)", object);
    }
    if (waits[1].revents) {
      int code = 0;
      if (::read(report.get(), &code, sizeof code) == sizeof code)
        throw_errno(code, what + " (sending)", object);
      sent = true;  // the child is gone, so the kernel has answered
    }
    auto answer = read_arrivals(header->nlmsg_seq, notified);
    if (answer) {
      if (*answer < 0) throw_errno(-*answer, what, object);
      return;
    }
    if (announced) return;
    // The child's send returned, so the answer was queued before it exited:
    // only a notification flood that overflowed the socket drops it.
    if (sent) throw Error(what + ": the kernel's answer was lost among its notifications", object);
  }
}

namespace {
int visit_attribute(const nlattr* attribute, void* data) {
  (*static_cast<const std::function<void(const nlattr*)>*>(data))(attribute);
  return MNL_CB_OK;
}
}  // namespace

void for_each_attribute(const nlmsghdr* header, size_t family_header_size,
                        const std::function<void(const nlattr*)>& visit) {
  mnl_attr_parse(header, static_cast<unsigned>(family_header_size), visit_attribute,
                 const_cast<void*>(static_cast<const void*>(&visit)));
}

bool RtnlSocket::collect_dump(RtnlMessage& message, const std::string& what,
                              std::vector<std::vector<char>>& messages) {
  message.header()->nlmsg_flags |= NLM_F_DUMP;
  send(message, what, {});
  uint32_t sequence = message.header()->nlmsg_seq;
  bool consistent = true;
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket_.get(), buffer.data(), buffer.size());
    if (received < 0) throw_errno(what + " (receiving)");
    int remaining = static_cast<int>(received);
    for (auto* header = reinterpret_cast<const nlmsghdr*>(buffer.data());
         mnl_nlmsg_ok(header, remaining); header = mnl_nlmsg_next(header, &remaining)) {
      if (header->nlmsg_seq != sequence || header->nlmsg_pid != port_id_) continue;
      if (header->nlmsg_flags & NLM_F_DUMP_INTR) consistent = false;
      if (header->nlmsg_type == NLMSG_ERROR || header->nlmsg_type == NLMSG_DONE) {
        const auto* code = static_cast<const int*>(mnl_nlmsg_get_payload(header));
        if (header->nlmsg_len >= mnl_nlmsg_size(sizeof(int)) && *code < 0)
          throw_errno(-*code, what);
        return consistent;
      }
      if (header->nlmsg_type < NLMSG_MIN_TYPE) continue;  // noop, overrun
      const char* bytes = reinterpret_cast<const char*>(header);
      messages.emplace_back(bytes, bytes + header->nlmsg_len);
    }
  }
}

void RtnlSocket::dump(RtnlMessage& message, const std::function<void(const nlmsghdr*)>& visit,
                      const std::string& what) {
  constexpr int kAttempts = 20;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::vector<std::vector<char>> messages;
    if (!collect_dump(message, what, messages)) continue;
    for (const auto& bytes : messages) visit(reinterpret_cast<const nlmsghdr*>(bytes.data()));
    return;
  }
  throw Error(what + ": the kernel's table kept changing during " + std::to_string(kAttempts) +
              " dumps");
}

}  // namespace berth::network

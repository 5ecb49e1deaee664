#pragma once

#include <sys/types.h>

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "network/dns_paths.h"
#include "util/locations.h"
#include "util/unique_fd.h"

namespace berth::network {

struct DnsOptions {
  std::string binary;                  // empty: $BERTH_DNS, else berth-dns beside this program
  std::vector<std::string> upstreams;  // empty: see choose_dns_upstreams()
};

// The caller's side of berth-dns, the one DNS responder of a state root: it
// is found through its pid file and recognised by its command line (its
// program and this root's database), never by name alone, before any signal.
// Callers hold the GlobalLock, so two of them never start or stop it at once;
// await() does not, so up's container-making thread may refresh meanwhile.
class DnsHelper {
 public:
  DnsHelper(const Locations& locations, DnsOptions options);

  // The helper's pid when it runs (or starts) for this state root.
  std::optional<pid_t> running() const;
  // Starts the helper, or makes the running one reload the state db (SIGHUP).
  // With `wait`, returns only once it serves the new state: listeners for a
  // new network must be bound before a container asks. Names need no wait,
  // the helper checks the db for changes on each query. Without, a helper
  // this starts comes up while the caller goes on: await() before a container
  // may ask.
  void refresh(bool wait);
  // Returns once the helper this object started serves the state as it is now
  // (at once when it started none); throws when the helper failed.
  void await();
  // Stops the helper (SIGTERM, then SIGKILL) and waits until it is gone.
  void stop();

 private:
  struct Starting {
    pid_t pid = 0;
    UniqueFd ready;              // the helper's report: "ok" or why it failed
    bool changed_since = false;  // the state changed while it started: it may have missed that
  };

  void start();
  uint64_t generation() const;
  void signal_reload(pid_t pid, bool wait);

  std::mutex starting_mutex_;  // guards starting_: await() runs beside refresh()
  std::optional<Starting> starting_;
  DnsPaths paths_;
  std::filesystem::path database_;
  std::filesystem::path run_dir_;
  DnsOptions options_;
};

}  // namespace berth::network

#include "runtime/capabilities.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>

#include "util/error.h"

namespace berth::runtime {

namespace {

// Capability names in kernel order (index = capability number).
constexpr std::array<const char*, 41> kNames = {"CHOWN",
                                                "DAC_OVERRIDE",
                                                "DAC_READ_SEARCH",
                                                "FOWNER",
                                                "FSETID",
                                                "KILL",
                                                "SETGID",
                                                "SETUID",
                                                "SETPCAP",
                                                "LINUX_IMMUTABLE",
                                                "NET_BIND_SERVICE",
                                                "NET_BROADCAST",
                                                "NET_ADMIN",
                                                "NET_RAW",
                                                "IPC_LOCK",
                                                "IPC_OWNER",
                                                "SYS_MODULE",
                                                "SYS_RAWIO",
                                                "SYS_CHROOT",
                                                "SYS_PTRACE",
                                                "SYS_PACCT",
                                                "SYS_ADMIN",
                                                "SYS_BOOT",
                                                "SYS_NICE",
                                                "SYS_RESOURCE",
                                                "SYS_TIME",
                                                "SYS_TTY_CONFIG",
                                                "MKNOD",
                                                "LEASE",
                                                "AUDIT_WRITE",
                                                "AUDIT_CONTROL",
                                                "SETFCAP",
                                                "MAC_OVERRIDE",
                                                "MAC_ADMIN",
                                                "SYSLOG",
                                                "WAKE_ALARM",
                                                "BLOCK_SUSPEND",
                                                "AUDIT_READ",
                                                "PERFMON",
                                                "BPF",
                                                "CHECKPOINT_RESTORE"};

// Docker's default capability set.
constexpr std::array<const char*, 14> kDefaults = {
    "CHOWN",   "DAC_OVERRIDE", "FSETID",           "FOWNER",
    "MKNOD",   "NET_RAW",      "SETGID",           "SETUID",
    "SETFCAP", "SETPCAP",      "NET_BIND_SERVICE", "SYS_CHROOT",
    "KILL",    "AUDIT_WRITE"};

CapabilitySet all_capabilities() {
  int last = std::min(last_capability(), static_cast<int>(kNames.size()) - 1);
  return (CapabilitySet{1} << (last + 1)) - 1;
}

// What berth itself may hand on: a container never gets more than its creator holds.
CapabilitySet own_bounding_set() {
  CapabilitySet set = 0;
  for (int bit = 0; bit <= last_capability(); ++bit)
    if (::prctl(PR_CAPBSET_READ, bit, 0, 0, 0) == 1) set |= CapabilitySet{1} << bit;
  return set;
}

bool contains_all(const std::vector<std::string>& names) {
  for (const auto& name : names)
    if (parse_capability(name) == all_capabilities()) return true;
  return false;
}

}  // namespace

// Read once: the loops over every capability ask for it on each step, and a
// file read per step was a third of a container's start-up system calls.
int last_capability() {
  static const int last = [] {
    std::ifstream file("/proc/sys/kernel/cap_last_cap");
    int value = static_cast<int>(kNames.size()) - 1;
    file >> value;
    return value;
  }();
  return last;
}

CapabilitySet parse_capability(const std::string& name) {
  std::string upper;
  for (char character : name) upper += static_cast<char>(std::toupper(character));
  if (upper.rfind("CAP_", 0) == 0) upper = upper.substr(4);
  if (upper == "ALL") return all_capabilities();
  for (size_t bit = 0; bit < kNames.size(); ++bit)
    if (upper == kNames[bit]) return CapabilitySet{1} << bit;
  throw Error("unknown capability '" + name + "'");
}

CapabilitySet container_capabilities(bool privileged, const std::vector<std::string>& cap_add,
                                     const std::vector<std::string>& cap_drop) {
  if (privileged) return own_bounding_set();
  // Docker: drop ALL empties the set before the additions; other drops apply to the
  // defaults only, so a capability both added and dropped stays.
  CapabilitySet set = 0;
  if (!contains_all(cap_drop))
    for (const char* name : kDefaults) set |= parse_capability(name);
  for (const auto& name : cap_drop)
    if (parse_capability(name) != all_capabilities()) set &= ~parse_capability(name);
  for (const auto& name : cap_add) set |= parse_capability(name);
  return set & own_bounding_set();
}

void drop_bounding_set(CapabilitySet keep) {
  for (int bit = 0; bit <= last_capability(); ++bit) {
    if (keep & (CapabilitySet{1} << bit)) continue;
    if (::prctl(PR_CAPBSET_DROP, bit, 0, 0, 0) != 0)
      throw_errno("cannot drop capability from the bounding set", std::to_string(bit));
  }
}

void set_process_capabilities(CapabilitySet keep) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  for (int word = 0; word < 2; ++word) {
    auto bits = static_cast<std::uint32_t>(keep >> (32 * word));
    data[word].effective = data[word].permitted = bits;  // inheritable stays empty, as in docker
  }
  if (::syscall(SYS_capset, &header, data) != 0) throw_errno("cannot set capabilities");
}

}  // namespace berth::runtime

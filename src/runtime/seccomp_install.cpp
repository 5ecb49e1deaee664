#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <memory>
#include <sstream>

#include "runtime/seccomp_policy.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

namespace {

scmp_arg_cmp to_libseccomp(const SeccompRule::ArgCondition& condition) {
  using Op = SeccompRule::ArgCondition::Op;
  switch (condition.op) {
    case Op::equal:
      return SCMP_CMP(condition.index, SCMP_CMP_EQ, condition.value);
    case Op::not_equal:
      return SCMP_CMP(condition.index, SCMP_CMP_NE, condition.value);
    case Op::masked_equal:
      break;
  }
  return SCMP_CMP(condition.index, SCMP_CMP_MASKED_EQ, condition.mask, condition.value);
}

}  // namespace

SeccompProgram compile_seccomp(const SeccompPolicy& policy) {
  std::unique_ptr<void, decltype(&seccomp_release)> filter(
      seccomp_init(SCMP_ACT_ERRNO(policy.default_errno)), &seccomp_release);
  if (!filter) throw Error("cannot create the seccomp filter");
  // no_new_privs is the container's own choice; the filter loads with CAP_SYS_ADMIN.
  if (int result = seccomp_attr_set(filter.get(), SCMP_FLTATR_CTL_NNP, 0); result != 0)
    throw_errno(-result, "cannot configure the seccomp filter");
  for (const auto& rule : policy.rules) {
    uint32_t action = rule.allow ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(rule.errno_value);
    if (action == SCMP_ACT_ERRNO(policy.default_errno) && !rule.allow) continue;
    std::vector<scmp_arg_cmp> conditions;
    for (const auto& condition : rule.conditions) conditions.push_back(to_libseccomp(condition));
    for (const auto& name : rule.syscalls) {
      int number = seccomp_syscall_resolve_name(name.c_str());
      if (number == __NR_SCMP_ERROR) continue;  // not a syscall of this architecture
      int result =
          seccomp_rule_add_array(filter.get(), action, number,
                                 static_cast<unsigned>(conditions.size()), conditions.data());
      if (result != 0) throw_errno(-result, "cannot add seccomp rule for", name);
    }
  }
  UniqueFd memory(::memfd_create("berth-seccomp", MFD_CLOEXEC));
  if (!memory) throw_errno("cannot export the seccomp filter");
  if (int result = seccomp_export_bpf(filter.get(), memory.get()); result != 0)
    throw_errno(-result, "cannot export the seccomp filter");
  off_t size = ::lseek(memory.get(), 0, SEEK_END);
  SeccompProgram program(static_cast<size_t>(size) / sizeof(sock_filter));
  if (size <= 0 || ::pread(memory.get(), program.data(), size, 0) != size)
    throw_errno("cannot read the exported seccomp filter");
  return program;
}

std::string canonical_seccomp_text(const SeccompPolicy& policy) {
  const scmp_version* version = seccomp_version();
  std::ostringstream text;
  text << "libseccomp " << version->major << "." << version->minor << "." << version->micro
       << " arch " << seccomp_arch_native() << " default " << policy.default_errno << "\n";
  for (const auto& rule : policy.rules) {
    text << (rule.allow ? "allow" : "errno " + std::to_string(rule.errno_value));
    for (const auto& condition : rule.conditions)
      text << " arg" << condition.index << ":" << static_cast<int>(condition.op) << ":"
           << condition.value << ":" << condition.mask;
    text << " :";
    for (const auto& name : rule.syscalls) text << " " << name;
    text << "\n";
  }
  return text.str();
}

void install_seccomp(const SeccompProgram& program) {
  sock_fprog filter{static_cast<unsigned short>(program.size()),
                    const_cast<sock_filter*>(program.data())};
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter) != 0)
    throw_errno("cannot load the seccomp filter");
}

}  // namespace berth::runtime

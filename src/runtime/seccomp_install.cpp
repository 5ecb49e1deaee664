#include <seccomp.h>

#include <memory>

#include "runtime/seccomp_policy.h"
#include "util/error.h"

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

void install_seccomp(const SeccompPolicy& policy) {
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
  if (int result = seccomp_load(filter.get()); result != 0)
    throw_errno(-result, "cannot load the seccomp filter");
}

}  // namespace berth::runtime

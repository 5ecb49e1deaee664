#include <sched.h>

#include <cerrno>
#include <sstream>

#include "runtime/seccomp_policy.h"

namespace berth::runtime {

namespace {

std::vector<std::string> words(const char* text) {
  std::istringstream stream(text);
  std::vector<std::string> result;
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
}

// Syscalls every container may make: file, memory, process, signal, time, socket and
// IPC calls that act only on what the container owns.
constexpr const char* kAlwaysAllowed = R"(
  accept accept4 access adjtimex alarm arch_prctl bind brk cachestat capget capset chdir chmod
  chown clock_getres clock_gettime clock_nanosleep close close_range connect copy_file_range creat dup dup2 dup3 epoll_create
  epoll_create1 epoll_ctl epoll_pwait epoll_pwait2 epoll_wait eventfd eventfd2 execve execveat
  exit exit_group faccessat faccessat2 fadvise64 fallocate fanotify_mark fchdir fchmod fchmodat
  fchmodat2 fchown fchownat fcntl fdatasync fgetxattr flistxattr flock fork fremovexattr
  fsetxattr fstat fstatfs fsync ftruncate futex futex_requeue futex_wait futex_waitv futex_wake
  futimesat getcpu getcwd getdents getdents64 getegid geteuid getgid getgroups getitimer
  getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid getresuid getrlimit
  get_robust_list getrusage getsid getsockname getsockopt get_thread_area gettid gettimeofday
  getuid getxattr inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl
  io_destroy io_getevents io_pgetevents ioprio_get ioprio_set io_setup io_submit ipc kill
  landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lgetxattr link linkat
  listen listxattr llistxattr lremovexattr lseek lsetxattr lstat madvise map_shadow_stack
  membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall
  mmap modify_ldt mprotect mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedsend
  mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at
  nanosleep newfstatat open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2
  pkey_alloc pkey_free pkey_mprotect poll ppoll prctl pread64 preadv preadv2 prlimit64
  process_mrelease process_vm_readv process_vm_writev pselect6 ptrace pwrite64 pwritev pwritev2
  read readahead readlink readlinkat readv recvfrom recvmmsg recvmsg remap_file_pages
  removexattr rename renameat renameat2 restart_syscall rmdir rseq rt_sigaction rt_sigpending
  rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_tgsigqueueinfo
  sched_getaffinity sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min
  sched_getscheduler sched_rr_get_interval sched_setaffinity sched_setattr sched_setparam
  sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop sendfile
  sendmmsg sendmsg sendto setfsgid setfsuid setgid setgroups setitimer setpgid setpriority
  setregid setresgid setresuid setreuid setrlimit set_robust_list setsid setsockopt
  set_thread_area set_tid_address setuid setxattr shmat shmctl shmdt shmget shutdown
  sigaltstack signalfd signalfd4 socket socketpair splice stat statfs statx symlink symlinkat
  sync sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete
  timer_getoverrun timer_gettime timer_settime timerfd_create timerfd_gettime timerfd_settime
  times tkill truncate umask uname unlink unlinkat utime utimensat utimes vfork vmsplice wait4
  waitid write writev
)";

// Syscalls gated by a capability, as in Docker's profile.
struct CapabilityGate {
  const char* capability;
  const char* syscalls;
};
constexpr CapabilityGate kGated[] = {
    {"SYS_ADMIN",
     "bpf clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount "
     "mount_setattr move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname "
     "sethostname setns syslog umount2 unshare"},
    {"SYS_BOOT", "reboot"},
    {"SYS_CHROOT", "chroot"},
    {"SYS_MODULE", "delete_module init_module finit_module"},
    {"SYS_PACCT", "acct"},
    {"SYS_PTRACE", "kcmp pidfd_getfd process_madvise"},
    {"SYS_RAWIO", "iopl ioperm"},
    {"SYS_TIME", "settimeofday clock_settime clock_adjtime"},
    {"SYS_TTY_CONFIG", "vhangup"},
    {"SYS_NICE", "get_mempolicy mbind set_mempolicy set_mempolicy_home_node"},
    {"SYSLOG", "syslog"},
    {"BPF", "bpf"},
    {"PERFMON", "perf_event_open"},
};

// clone() flags that create namespaces; without CAP_SYS_ADMIN clone may not use them.
constexpr std::uint64_t kNamespaceFlags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
                                          CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
                                          CLONE_NEWCGROUP;

}  // namespace

SeccompPolicy default_seccomp_policy(CapabilitySet capabilities) {
  SeccompPolicy policy;
  policy.rules.push_back({words(kAlwaysAllowed), true, 0, {}});
  bool sys_admin = capabilities & parse_capability("SYS_ADMIN");
  for (const auto& gate : kGated)
    if (capabilities & parse_capability(gate.capability))
      policy.rules.push_back({words(gate.syscalls), true, 0, {}});
  using Op = SeccompRule::ArgCondition::Op;
  if (sys_admin) {
    policy.rules.push_back({{"clone"}, true, 0, {}});
  } else {
    policy.rules.push_back({{"clone"}, true, 0, {{0, Op::masked_equal, 0, kNamespaceFlags}}});
    // glibc falls back to clone() when clone3 says it does not exist; clone3's flags sit
    // in memory a filter cannot read.
    policy.rules.push_back({{"clone3"}, false, ENOSYS, {}});
  }
  // personality(): only the harmless personas (Linux, PER_LINUX32, UNAME26 variants, query).
  for (std::uint64_t persona : {0x0ULL, 0x8ULL, 0x20000ULL, 0x20008ULL, 0xffffffffULL})
    policy.rules.push_back({{"personality"}, true, 0, {{0, Op::equal, persona}}});
  return policy;
}

}  // namespace berth::runtime

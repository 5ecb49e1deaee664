#include "runtime/device_filter.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

namespace {
// Registers: r1 holds the context; the program keeps the request in r2..r5.
constexpr std::uint8_t kContext = 1, kType = 2, kAccess = 3, kMajor = 4, kMinor = 5, kScratch = 6;

bpf_insn instruction(std::uint8_t code, std::uint8_t dst, std::uint8_t src, std::int16_t off,
                     std::int32_t imm) {
  bpf_insn insn{};
  insn.code = code;
  insn.dst_reg = dst & 0xf;
  insn.src_reg = src & 0xf;
  insn.off = off;
  insn.imm = imm;
  return insn;
}
bpf_insn load_word(std::uint8_t dst, std::int16_t offset) {
  return instruction(BPF_LDX | BPF_W | BPF_MEM, dst, kContext, offset, 0);
}
bpf_insn alu(std::uint8_t op, std::uint8_t dst, std::int32_t imm) {
  return instruction(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm);
}
bpf_insn move(std::uint8_t dst, std::uint8_t src) {
  return instruction(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
}
bpf_insn jump_unless_equal(std::uint8_t reg, std::int32_t imm) {
  return instruction(BPF_JMP | BPF_JNE | BPF_K, reg, 0, 0, imm);  // offset set later
}
void append_exit(std::vector<bpf_insn>& program, std::int32_t verdict) {
  program.push_back(alu(BPF_MOV, 0, verdict));
  program.push_back(instruction(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
}

std::int32_t access_bits(const DeviceRule& rule) {
  return (rule.mknod ? BPF_DEVCG_ACC_MKNOD : 0) | (rule.read ? BPF_DEVCG_ACC_READ : 0) |
         (rule.write ? BPF_DEVCG_ACC_WRITE : 0);
}

// One rule: a run of checks that each skip to the next rule when they fail,
// then "allow".
void append_rule(std::vector<bpf_insn>& program, const DeviceRule& rule) {
  std::vector<std::size_t> skips;
  auto check = [&](std::uint8_t reg, std::int32_t value) {
    skips.push_back(program.size());
    program.push_back(jump_unless_equal(reg, value));
  };
  if (rule.type != 'a') check(kType, rule.type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
  program.push_back(move(kScratch, kAccess));  // what is asked beyond what is granted
  program.push_back(alu(BPF_AND, kScratch, ~access_bits(rule) & 0xffff));
  check(kScratch, 0);
  if (rule.major) check(kMajor, static_cast<std::int32_t>(*rule.major));
  if (rule.minor) check(kMinor, static_cast<std::int32_t>(*rule.minor));
  append_exit(program, 1);
  for (auto at : skips) program[at].off = static_cast<std::int16_t>(program.size() - at - 1);
}

long bpf(int command, bpf_attr& attributes) {
  return ::syscall(SYS_bpf, command, &attributes, sizeof(attributes));
}

UniqueFd load_program(const std::vector<bpf_insn>& program, std::vector<char>* log) {
  static const char kLicense[] = "GPL";
  bpf_attr load{};
  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.insns = reinterpret_cast<std::uint64_t>(program.data());
  load.insn_cnt = static_cast<std::uint32_t>(program.size());
  load.license = reinterpret_cast<std::uint64_t>(kLicense);
  if (log) {
    load.log_buf = reinterpret_cast<std::uint64_t>(log->data());
    load.log_size = static_cast<std::uint32_t>(log->size());
    load.log_level = 1;
  }
  return UniqueFd(static_cast<int>(bpf(BPF_PROG_LOAD, load)));
}

}  // namespace

std::vector<bpf_insn> device_filter_program(const std::vector<DeviceRule>& rules) {
  std::vector<bpf_insn> program = {
      load_word(kType, offsetof(bpf_cgroup_dev_ctx, access_type)),
      move(kAccess, kType),
      alu(BPF_AND, kType, 0xffff),
      alu(BPF_RSH, kAccess, 16),
      load_word(kMajor, offsetof(bpf_cgroup_dev_ctx, major)),
      load_word(kMinor, offsetof(bpf_cgroup_dev_ctx, minor)),
  };
  for (const auto& rule : rules) append_rule(program, rule);
  append_exit(program, 0);
  return program;
}

void attach_device_filter(const std::filesystem::path& cgroup,
                          const std::vector<DeviceRule>& rules) {
  auto program = device_filter_program(rules);
  UniqueFd loaded = load_program(program, nullptr);
  if (!loaded) {
    int error = errno;
    std::vector<char> log(1 << 20);  // the verifier's reason, asked for only on failure
    load_program(program, &log);
    throw_errno(error, "cannot load the device filter: " + std::string(log.data()),
                cgroup.string());
  }
  UniqueFd directory(::open(cgroup.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!directory) throw_errno("cannot open cgroup", cgroup.string());
  bpf_attr attach{};
  attach.target_fd = static_cast<std::uint32_t>(directory.get());
  attach.attach_bpf_fd = static_cast<std::uint32_t>(loaded.get());
  attach.attach_type = BPF_CGROUP_DEVICE;
  if (bpf(BPF_PROG_ATTACH, attach) != 0)
    throw_errno("cannot attach the device filter", cgroup.string());
}

}  // namespace berth::runtime

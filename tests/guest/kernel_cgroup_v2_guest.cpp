// The cgroup v2 driver on a pure-v2 kernel: a qemu guest (software emulation)
// boots Debian's own kernel (scripts/guest-kernel fetches it) with an initramfs
// that holds only cgroup_v2_guest_init, which runs the driver's checks as PID 1
// and prints a line per check on the serial console. No network: -nic none.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_command.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

// The guest's console lines that carry a verdict, without the terminal's noise.
std::vector<std::string> guest_lines(const std::string& console) {
  std::vector<std::string> lines;
  std::istringstream in(console);
  for (std::string line; std::getline(in, line);) {
    auto at = line.find("GUEST ");
    if (at == std::string::npos) continue;
    line = line.substr(at + 6);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

TEST(CgroupV2Guest, TheV2DriverEnforcesLimitsOnAPureV2Kernel) {
  ASSERT_TRUE(fs::exists(BERTH_GUEST_KERNEL)) << BERTH_GUEST_KERNEL << ": run scripts/guest-kernel";
  char pattern[] = "/tmp/berth-guest-XXXXXX";
  fs::path dir = ::mkdtemp(pattern);
  fs::create_directories(dir / "root");
  fs::copy_file(BERTH_GUEST_INIT, dir / "root" / "init");
  auto packed = run_command(
      {"sh", "-c",
       "cd '" + (dir / "root").string() + "' && echo init | cpio -o -H newc --quiet > ../initrd"});
  ASSERT_EQ(packed.status, 0) << packed.err;
  auto booted = run_command({"timeout", "240", "qemu-system-x86_64", "-accel", "tcg", "-m", "512M",
                             "-smp", "2", "-kernel", BERTH_GUEST_KERNEL, "-initrd",
                             (dir / "initrd").string(), "-append", "console=ttyS0 panic=-1 quiet",
                             "-nographic", "-no-reboot", "-nic", "none"});
  fs::remove_all(dir);
  ASSERT_EQ(booted.status, 0) << booted.err;
  auto lines = guest_lines(booted.out);
  EXPECT_EQ(lines,
            (std::vector<std::string>{"ok probe", "ok create", "ok pids", "ok memory", "ok devices",
                                      "ok cpu quota and usage", "ok freeze", "ok remove", "done"}))
      << booted.out;
}

}  // namespace
}  // namespace berth::testing

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "container_runner.h"
#include "runtime/container_launch.h"
#include "util/error.h"

namespace berth::runtime {
namespace {

using testing::run_in_container;

TEST(ContainerLaunch, ProcessIsPidOneAndSeesOnlyItsOwnProcesses) {
  auto result = run_in_container({}, "echo $$; ls /proc | grep -c '^[0-9]'");
  EXPECT_EQ(result.status, 0);
  // The shell (1) and ls (2) and grep (3); nothing of the host.
  EXPECT_EQ(result.out.substr(0, 2), "1\n") << result.out;
  EXPECT_LE(std::stoi(result.out.substr(2)), 3) << result.out;
}

TEST(ContainerLaunch, HostnameAndDomainAreItsOwn) {
  ContainerSpec spec;
  spec.hostname = "web-1";
  spec.domainname = "example";
  auto result = run_in_container(spec, "hostname; cat /proc/sys/kernel/domainname");
  EXPECT_EQ(result.out, "web-1\nexample\n");
  char host[256];
  ::gethostname(host, sizeof(host));
  EXPECT_STRNE(host, "web-1");
}

TEST(ContainerLaunch, HostNetworkKeepsTheCallersNetworkNamespace) {
  auto own = std::filesystem::read_symlink("/proc/self/ns/net").string();
  ContainerSpec spec;
  EXPECT_NE(run_in_container(spec, "readlink /proc/self/ns/net").out, own + "\n");
  spec.host_network = true;
  EXPECT_EQ(run_in_container(spec, "readlink /proc/self/ns/net").out, own + "\n");
}

TEST(ContainerLaunch, HostPidAndIpcKeepTheCallersNamespaces) {
  auto own_pid = std::filesystem::read_symlink("/proc/self/ns/pid").string();
  auto own_ipc = std::filesystem::read_symlink("/proc/self/ns/ipc").string();
  ContainerSpec spec;
  spec.pid_namespace.kind = NamespaceShare::Kind::host;
  spec.ipc_namespace.kind = NamespaceShare::Kind::host;
  EXPECT_EQ(run_in_container(spec, "readlink /proc/self/ns/pid").out, own_pid + "\n");
  EXPECT_EQ(run_in_container(spec, "readlink /proc/self/ns/ipc").out, own_ipc + "\n");
  EXPECT_NE(run_in_container(spec, "echo $$").out, "1\n");
}

TEST(ContainerLaunch, ShmSourceIsBoundOnDevShm) {
  char pattern[] = "/tmp/berth-shm-XXXXXX";
  std::string source = ::mkdtemp(pattern);
  std::ofstream(source + "/segment") << "shared\n";
  ContainerSpec spec;
  spec.shm_source = source;
  EXPECT_EQ(run_in_container(spec, "cat /dev/shm/segment").out, "shared\n");
  std::filesystem::remove_all(source);
}

TEST(ContainerLaunch, ProcIsHardenedAndDevicesAreReal) {
  // This kernel has no /proc/kcore; the other masked paths stand for it.
  auto result = run_in_container({},
                                 "(echo 1 > /proc/sys/kernel/panic) 2>/dev/null && echo writable;"
                                 "wc -c < /proc/timer_list; wc -c < /proc/keys; ls /sys/firmware;"
                                 "stat -c '%t:%T' /dev/null /dev/zero;"
                                 "readlink /dev/ptmx; readlink /dev/stdout;"
                                 "grep -c ' /dev/pts ' /proc/mounts;"
                                 "touch /sys/x 2>/dev/null || echo sys-ro");
  EXPECT_EQ(result.out, "0\n0\n1:3\n1:5\npts/ptmx\n/proc/self/fd/1\n1\nsys-ro\n");
}

TEST(ContainerLaunch, ShmHasDockersDefaultSizeOrTheRequestedOne) {
  EXPECT_EQ(run_in_container({}, "df -k /dev/shm | tail -1 | awk '{print $2}'").out, "65536\n");
  ContainerSpec spec;
  spec.shm_size = 256 << 20;
  EXPECT_EQ(run_in_container(spec, "df -k /dev/shm | tail -1 | awk '{print $2}'").out, "262144\n");
}

TEST(ContainerLaunch, DevicesAreMadeAgainInside) {
  ContainerSpec spec;
  spec.devices = {{"/dev/extra/sink", 'c', 1, 3, 0620}};
  auto result = run_in_container(spec, "stat -c '%F %t:%T %a' /dev/extra/sink");
  EXPECT_EQ(result.out, "character special file 1:3 620\n");
}

TEST(ContainerLaunch, HostRootIsGone) {
  auto result = run_in_container({}, "cat /proc/self/mountinfo");
  EXPECT_EQ(result.out.find(std::getenv("BERTH_SANDBOX")), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(" /proc/sys ro,"), std::string::npos) << result.out;
}

TEST(ContainerLaunch, UserIsResolvedFromTheImage) {
  ContainerSpec spec;
  spec.process.user = "app";
  auto result = run_in_container(spec, "id -u; id -g; id -G; echo $HOME");
  EXPECT_EQ(result.out, "1000\n1000\n1000 29 44\n/home/app\n");
  spec.process.user = "1234:video";
  result = run_in_container(spec, "id -u; id -G");
  EXPECT_EQ(result.out, "1234\n44\n");
  spec.process.user = "nosuchuser";
  EXPECT_THROW(run_in_container(spec, "true"), Error);
}

TEST(ContainerLaunch, WorkingDirectoryIsCreatedAndEnvironmentPassed) {
  ContainerSpec spec;
  spec.process.cwd = "/srv/app/data";
  spec.process.env = {"GREETING=hello"};
  auto result = run_in_container(spec, "pwd; echo $GREETING; echo $PATH");
  EXPECT_EQ(result.out,
            "/srv/app/data\nhello\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
  spec.process.cwd = "/proc/self/fd/3";
  EXPECT_THROW(run_in_container(spec, "true"), Error);
}

TEST(ContainerLaunch, InheritedDescriptorsAreClosed) {
  int leaked = ::open("/", O_RDONLY);  // no O_CLOEXEC: would leak the host root
  auto result = run_in_container({}, "ls /proc/1/fd; true");
  ::close(leaked);
  EXPECT_EQ(result.out, "0\n1\n2\n");
}

TEST(ContainerLaunch, MountsAreApplied) {
  auto data = std::string(std::getenv("BERTH_SANDBOX")) + "/data";
  std::filesystem::create_directories(data);
  std::ofstream(data + "/hello.txt") << "from the host\n";
  ContainerSpec spec;
  spec.mounts = {{data, "/mnt/data", "bind", {"ro"}}, {"", "/scratch", "tmpfs", {"size=1m"}}};
  auto result =
      run_in_container(spec,
                       "cat /mnt/data/hello.txt; touch /mnt/data/x 2>/dev/null || echo ro; "
                       "touch /scratch/y && echo tmpfs-rw");
  EXPECT_EQ(result.out, "from the host\nro\ntmpfs-rw\n");
}

TEST(ContainerLaunch, ReadonlyRootfs) {
  ContainerSpec spec;
  spec.readonly_rootfs = true;
  auto result =
      run_in_container(spec, "touch /etc/x 2>/dev/null || echo ro; touch /dev/shm/ok && echo shm");
  EXPECT_EQ(result.out, "ro\nshm\n");
}

}  // namespace
}  // namespace berth::runtime

#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/run_command.h"

namespace berth::runtime::testing {

// A root filesystem made of Debian's static busybox with a link per applet and a
// minimal /etc/passwd and /etc/group, in the sandbox's scratch directory.
inline std::string make_busybox_rootfs(const std::string& name = "rootfs") {
  const char* scratch = std::getenv("BERTH_SANDBOX");
  std::filesystem::path root = std::filesystem::path(scratch ? scratch : "/tmp") / name;
  if (std::filesystem::exists(root / "bin/busybox")) return root.string();
  std::filesystem::create_directories(root / "bin");
  std::filesystem::create_directories(root / "etc");
  std::filesystem::create_directories(root / "tmp");
  std::filesystem::copy_file("/bin/busybox", root / "bin/busybox",
                             std::filesystem::copy_options::overwrite_existing);
  auto applets = berth::testing::run_command({"/bin/busybox", "--list"}).out;
  std::istringstream list(applets);
  for (std::string applet; list >> applet;)
    if (applet != "busybox") std::filesystem::create_symlink("busybox", root / "bin" / applet);
  std::ofstream(root / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n"
                                     << "app:x:1000:1000:app:/home/app:/bin/sh\n"
                                     << "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
  std::ofstream(root / "etc/group") << "root:x:0:\n"
                                    << "app:x:1000:\n"
                                    << "audio:x:29:app\n"
                                    << "video:x:44:app,root\n"
                                    << "nogroup:x:65534:\n";
  return root.string();
}

}  // namespace berth::runtime::testing

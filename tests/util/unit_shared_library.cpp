#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <functional>

#include "support/run_command.h"
#include "util/error.h"
#include "util/shared_library.h"

namespace berth {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string failure_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(SharedLibrary, ResolvesTypedFunctions) {
  SharedLibrary libc("libc.so.6", "libc6");
  auto get_pid = libc.function<decltype(&::getpid)>("getpid");
  EXPECT_EQ(get_pid(), ::getpid());
}

TEST(SharedLibrary, AMissingLibraryOrSymbolIsNamed) {
  EXPECT_THAT(failure_of([] { SharedLibrary("libberth-absent.so.1", "berth-absent"); }),
              AllOf(HasSubstr("cannot load libberth-absent.so.1"),
                    HasSubstr("install the berth-absent package")));
  SharedLibrary libc("libc.so.6", "libc6");
  EXPECT_THAT(failure_of([&] { libc.symbol("berth_no_such_symbol"); }),
              AllOf(HasSubstr("berth_no_such_symbol"), HasSubstr("libc.so.6")));
}

// Every start of berth would map them and all they pull in (about 35
// libraries, 13 ms here; libcrypto alone 3 ms): they are opened when a command
// needs them.
TEST(SharedLibrary, BerthDoesNotLinkLibcurlLibarchiveOrLibcrypto) {
  auto dynamic = testing::run_command({"readelf", "-d", BERTH_BINARY});
  ASSERT_EQ(dynamic.status, 0) << dynamic.err;
  EXPECT_THAT(dynamic.out, HasSubstr("(NEEDED)"));
  EXPECT_EQ(dynamic.out.find("libcurl"), std::string::npos) << dynamic.out;
  EXPECT_EQ(dynamic.out.find("libarchive"), std::string::npos) << dynamic.out;
  EXPECT_EQ(dynamic.out.find("libcrypto"), std::string::npos) << dynamic.out;
  EXPECT_EQ(dynamic.out.find("libssl"), std::string::npos) << dynamic.out;
}

// Each shared library costs about half a millisecond at every start on this
// VM, the shared libstdc++ two: berth and berth-dns carry the C++ runtime,
// spdlog, fmt and every library Debian ships an archive of.
TEST(SharedLibrary, BerthAndItsDnsHelperNeedOnlyCLibraries) {
#ifndef BERTH_STATIC_RUNTIME
  GTEST_SKIP() << "the sanitizer build links the shared C++ runtime";
#else
  for (const char* binary : {BERTH_BINARY, BERTH_DNS_BINARY}) {
    auto dynamic = testing::run_command({"readelf", "-d", binary});
    ASSERT_EQ(dynamic.status, 0) << dynamic.err;
    EXPECT_THAT(dynamic.out, HasSubstr("libc.so"));
    for (const char* library : {"libstdc++", "libgcc_s", "libspdlog", "libfmt", "libsqlite3",
                                "libyaml-cpp", "libseccomp", "libnftnl", "libnl-"})
      EXPECT_EQ(dynamic.out.find(library), std::string::npos) << binary << " needs " << library;
  }
#endif
}

}  // namespace
}  // namespace berth

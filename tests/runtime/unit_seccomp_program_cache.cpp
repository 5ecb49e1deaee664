#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/seccomp_program_cache.h"

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;

class SeccompProgramCache : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/berth-seccomp-XXXXXX";
    dir_ = fs::path(::mkdtemp(pattern)) / "cache";
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  std::vector<fs::path> files() const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(dir_)) found.push_back(entry.path());
    return found;
  }

  fs::path dir_;
};

bool same(const SeccompProgram& a, const SeccompProgram& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(a[0])) == 0;
}

SeccompPolicy allow_only(const std::string& syscall) {
  SeccompPolicy policy;
  policy.rules.push_back({{syscall, "exit_group"}, true, 0, {}});
  return policy;
}

TEST_F(SeccompProgramCache, StoresOnceAndReadsBackTheSameProgram) {
  auto policy = default_seccomp_policy(container_capabilities(false, {}, {}));
  auto compiled = compile_seccomp(policy);
  EXPECT_TRUE(same(cached_seccomp_program(policy, dir_.string()), compiled));
  ASSERT_EQ(files().size(), 1u);
  auto stored = fs::last_write_time(files()[0]);
  EXPECT_TRUE(same(cached_seccomp_program(policy, dir_.string()), compiled));
  EXPECT_EQ(fs::last_write_time(files()[0]), stored);
  cached_seccomp_program(allow_only("read"), dir_.string());
  EXPECT_EQ(files().size(), 2u);
}

TEST_F(SeccompProgramCache, AFileOfAnotherPolicyOrATruncatedOneIsNeverUsed) {
  auto wanted = allow_only("read");
  cached_seccomp_program(wanted, dir_.string());
  auto file = files()[0];
  // Another policy's program under this policy's name, as a hash collision would leave it.
  fs::remove(file);
  cached_seccomp_program(allow_only("write"), dir_.string());
  fs::rename(files()[0], file);
  EXPECT_TRUE(same(cached_seccomp_program(wanted, dir_.string()), compile_seccomp(wanted)));
  // A program cut short.
  std::ifstream in(file, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      << text.substr(0, text.size() - sizeof(sock_filter));
  EXPECT_TRUE(same(cached_seccomp_program(wanted, dir_.string()), compile_seccomp(wanted)));
}

TEST_F(SeccompProgramCache, WithoutADirectoryItOnlyCompiles) {
  auto policy = allow_only("read");
  EXPECT_TRUE(same(cached_seccomp_program(policy, ""), compile_seccomp(policy)));
  EXPECT_FALSE(fs::exists(dir_));
}

}  // namespace
}  // namespace berth::runtime

#include <gtest/gtest.h>

#include "spec/units.h"

namespace berth::spec {
namespace {

using namespace std::chrono_literals;

TEST(Units, Durations) {
  EXPECT_EQ(parse_duration("1m30s"), std::chrono::nanoseconds(90s));
  EXPECT_EQ(parse_duration("500ms"), std::chrono::nanoseconds(500ms));
  EXPECT_EQ(parse_duration("1h2m3s4ms"), std::chrono::nanoseconds(1h + 2min + 3s + 4ms));
  EXPECT_EQ(parse_duration("1.5s"), std::chrono::nanoseconds(1500ms));
  EXPECT_EQ(parse_duration("10"), std::chrono::nanoseconds(10s));
  EXPECT_EQ(parse_duration("10x"), std::nullopt);
  EXPECT_EQ(parse_duration("s"), std::nullopt);
  EXPECT_EQ(parse_duration(""), std::nullopt);
}

TEST(Units, FormatsDurationsLikeCompose) {
  EXPECT_EQ(format_duration(90s), "1m30s");
  EXPECT_EQ(format_duration(500ms), "500ms");
  EXPECT_EQ(format_duration(1h), "1h0m0s");
  EXPECT_EQ(format_duration(1500ms), "1.5s");
  EXPECT_EQ(format_duration(0s), "0s");
}

TEST(Units, ByteSizes) {
  EXPECT_EQ(parse_byte_size("512m"), 512LL * 1024 * 1024);
  EXPECT_EQ(parse_byte_size("1g"), 1024LL * 1024 * 1024);
  EXPECT_EQ(parse_byte_size("1GB"), 1024LL * 1024 * 1024);
  EXPECT_EQ(parse_byte_size("100k"), 102400);
  EXPECT_EQ(parse_byte_size("1.5g"), 1536LL * 1024 * 1024);
  EXPECT_EQ(parse_byte_size("2048"), 2048);
  EXPECT_EQ(parse_byte_size("12q"), std::nullopt);
  EXPECT_EQ(parse_byte_size("m"), std::nullopt);
}

// Fuzzer findings: a long digit string threw std::out_of_range; past int64
// nanoseconds or bytes, the rounding was unspecified.
TEST(Units, OutOfRangeValuesAreRejected) {
  EXPECT_EQ(parse_duration("9223372036"), std::chrono::nanoseconds(9223372036s));
  EXPECT_EQ(parse_duration("999999999999999999999999999999"), std::nullopt);
  EXPECT_EQ(parse_duration("9999999999s"), std::nullopt);
  EXPECT_EQ(parse_duration("3000000h"), std::nullopt);
  EXPECT_EQ(parse_byte_size("8191p"), 8191LL << 50);
  EXPECT_EQ(parse_byte_size("8192p"), std::nullopt);
  EXPECT_EQ(parse_byte_size(std::string(400, '1')), std::nullopt);
}

TEST(Units, SplitsCommandsLikeAShell) {
  using Words = std::vector<std::string>;
  EXPECT_EQ(split_shell_words("echo hello  world"), (Words{"echo", "hello", "world"}));
  EXPECT_EQ(split_shell_words("sh -c 'echo $HOME && ls'"), (Words{"sh", "-c", "echo $HOME && ls"}));
  EXPECT_EQ(split_shell_words("a\\ b \"c \\\"d\\\"\" e''f"), (Words{"a b", "c \"d\"", "ef"}));
  EXPECT_EQ(split_shell_words("echo 'open"), std::nullopt);
}

TEST(Units, EditDistance) {
  EXPECT_EQ(edit_distance("enviroment", "environment"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

}  // namespace
}  // namespace berth::spec

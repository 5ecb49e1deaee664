#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "project_test_support.h"
#include "spec/dotenv.h"
#include "spec/utf8.h"
#include "spec/yaml_reader.h"
#include "util/error.h"

namespace berth::spec {
namespace {

using ::testing::HasSubstr;
using testing::load_text;
using testing::ScratchDir;

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_EQ(invalid_utf8_offset(""), std::nullopt);
  EXPECT_EQ(invalid_utf8_offset("plain ascii"), std::nullopt);
  EXPECT_EQ(invalid_utf8_offset("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3 \xf4\x8f\xbf\xbf"),
            std::nullopt);
}

TEST(Utf8, FindsTheFirstByteOfAnIllFormedSequence) {
  EXPECT_EQ(invalid_utf8_offset("ab\xff"), 2u);                // never valid
  EXPECT_EQ(invalid_utf8_offset("a\xc3"), 1u);                 // truncated
  EXPECT_EQ(invalid_utf8_offset("\xc0\xaf"), 0u);              // overlong '/'
  EXPECT_EQ(invalid_utf8_offset("\xe0\x80\xaf"), 0u);          // overlong, three bytes
  EXPECT_EQ(invalid_utf8_offset("x\xed\xa0\x80"), 1u);         // a UTF-16 surrogate
  EXPECT_EQ(invalid_utf8_offset("\xf4\x90\x80\x80"), 0u);      // past U+10FFFF
  EXPECT_EQ(invalid_utf8_offset("\xe2\x82\xac\xe2\x28"), 3u);  // bad continuation
}

TEST(Utf8, MarksCountLinesAndColumnsFromOne) {
  EXPECT_EQ(mark_at_offset("ab\ncd", 4, "f").str(), "f:2:2");
  EXPECT_EQ(mark_at_offset("ab", 0, "f").str(), "f:1:1");
}

TEST(Utf8, StackFilesEnvFilesAndInterpolatedValuesMustBeUtf8) {
  EXPECT_THROW(parse_yaml("k\xff: v\n", "f.yaml"), Error);
  try {
    parse_dotenv("A=1\nB=caf\xe9\n", ".env", [](const std::string&) { return std::nullopt; });
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), ".env:2:6: invalid UTF-8 text: an env file must be UTF-8");
  }
  ScratchDir dir;
  ProjectOptions options;
  options.environment = Environment{{"LATIN1", "caf\xe9"}};
  try {
    load_text(dir, "services:\n  a: {image: \"x:${LATIN1}\"}\n", options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("compose.yaml:2:14: services.a.image: the interpolated value is not "
                          "valid UTF-8"));
  }
  try {
    load_text(dir, "services:\n  a:\n    image: x\n    environment: [LATIN1]\n", options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("compose.yaml:4:19: services.a.environment[0]: the value of "
                                    "LATIN1 in the environment is not valid UTF-8"));
  }
}

}  // namespace
}  // namespace berth::spec

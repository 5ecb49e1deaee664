#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec/yaml_reader.h"
#include "util/error.h"

namespace berth::spec {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& text) {
  try {
    parse_yaml(text, "f.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(YamlReader, KeepsMarksForEveryNode) {
  Node root = parse_yaml("services:\n  web:\n    image: nginx\n", "f.yaml");
  const Node* image = root.find("services")->find("web")->find("image");
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->value, "nginx");
  EXPECT_EQ(image->mark.str(), "f.yaml:3:12");
  EXPECT_EQ(root.find("services")->entries[0].key_mark.str(), "f.yaml:2:3");
}

TEST(YamlReader, RejectsDuplicateKeysNamingBothPlaces) {
  EXPECT_EQ(error_of("a: 1\nb: 2\na: 3\n"),
            "f.yaml:3:1: duplicate key \"a\" (first defined at f.yaml:1:1)");
}

TEST(YamlReader, ExpandsAliasesAndMergeKeysWithExplicitKeysWinning) {
  Node root = parse_yaml(
      "base: &base {image: x, restart: always}\n"
      "extra: &extra {restart: no, tty: true, user: me}\n"
      "svc:\n  <<: [*base, *extra]\n  user: you\n",
      "f.yaml");
  const Node* svc = root.find("svc");
  EXPECT_EQ(svc->find("image")->value, "x");
  EXPECT_EQ(svc->find("restart")->value, "always");  // earlier source wins
  EXPECT_EQ(svc->find("tty")->value, "true");
  EXPECT_EQ(svc->find("user")->value, "you");
  EXPECT_EQ(svc->find("<<"), nullptr);
}

// Fuzzer finding: seven levels of ten aliases each ran out of memory.
TEST(YamlReader, RejectsAliasExpansionBombs) {
  std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 8; ++level) {
    std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [" + previous;
    for (int i = 1; i < 10; ++i) text += ", " + previous;
    text += "]\n";
  }
  EXPECT_THAT(error_of(text), HasSubstr("f.yaml:5:45: aliases expand to more than 100000 nodes"));
  EXPECT_EQ(error_of("a: &a {x: [1, 2]}\nb: [*a, *a, *a]\n"), "no error");
}

TEST(YamlReader, MergeKeyRejectsScalars) {
  EXPECT_THAT(error_of("a: &a 1\nb:\n  <<: *a\n"), HasSubstr("merge key expects a mapping"));
}

TEST(YamlReader, KeepsScalarsVerbatimSoBase60AndFloatsAreNotMangled) {
  Node root = parse_yaml("ports: [22:22, 1.10]\nq: '80'\n", "f.yaml");
  EXPECT_EQ(root.find("ports")->items[0].value, "22:22");
  EXPECT_EQ(root.find("ports")->items[1].value, "1.10");
  EXPECT_FALSE(root.find("ports")->items[0].quoted);
  EXPECT_TRUE(root.find("q")->quoted);
}

TEST(YamlReader, KeepsResetAndOverrideTags) {
  Node root = parse_yaml("a: !reset []\nb: !override {x: 1}\nc: !reset null\n", "f.yaml");
  EXPECT_EQ(root.find("a")->tag, "!reset");
  EXPECT_EQ(root.find("b")->tag, "!override");
  EXPECT_EQ(root.find("c")->tag, "!reset");
}

TEST(YamlReader, SyntaxErrorsCarryThePosition) {
  EXPECT_THAT(error_of("a: [1, 2\n"), HasSubstr("f.yaml:"));
}

TEST(YamlReader, EmptyDocumentIsNull) { EXPECT_TRUE(parse_yaml("", "f.yaml").is_null()); }

}  // namespace
}  // namespace berth::spec

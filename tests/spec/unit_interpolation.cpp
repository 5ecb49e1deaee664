#include <gtest/gtest.h>

#include <map>

#include "spec/interpolation.h"
#include "spec/yaml_reader.h"
#include "util/error.h"

namespace berth::spec {
namespace {

class InterpolationTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> env = {{"SET", "value"}, {"EMPTY", ""}, {"B", "bee"}};
  std::set<std::string> unset;
  VariableLookup lookup = [this](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  std::string run(const std::string& text) { return interpolate(text, lookup, unset); }
};

TEST_F(InterpolationTest, PlainAndBraced) {
  EXPECT_EQ(run("a $SET b ${SET}c"), "a value b valuec");
  EXPECT_EQ(run("$$SET costs $$5"), "$SET costs $5");
}

TEST_F(InterpolationTest, DefaultsDistinguishEmptyFromUnset) {
  EXPECT_EQ(run("${EMPTY:-d}"), "d");
  EXPECT_EQ(run("${EMPTY-d}"), "");
  EXPECT_EQ(run("${MISSING-d}"), "d");
  EXPECT_EQ(run("${SET:-d}"), "value");
}

TEST_F(InterpolationTest, Replacements) {
  EXPECT_EQ(run("${SET:+r}"), "r");
  EXPECT_EQ(run("${EMPTY:+r}"), "");
  EXPECT_EQ(run("${EMPTY+r}"), "r");
  EXPECT_EQ(run("${MISSING+r}"), "");
}

TEST_F(InterpolationTest, NestedDefaults) {
  EXPECT_EQ(run("${MISSING:-${B:-x}}"), "bee");
  EXPECT_EQ(run("${MISSING:-${ALSO:-x}}"), "x");
  EXPECT_EQ(run("${MISSING:-a${B}b}"), "abeeb");
}

TEST_F(InterpolationTest, RequiredVariables) {
  EXPECT_EQ(run("${SET:?boom}"), "value");
  EXPECT_THROW(run("${EMPTY:?must be set}"), std::runtime_error);
  EXPECT_EQ(run("${EMPTY?fine when empty}"), "");
  try {
    run("${MISSING?please set it}");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "required variable MISSING is missing a value: please set it");
  }
}

TEST_F(InterpolationTest, UnusedRequiredDefaultIsNotEvaluated) {
  EXPECT_EQ(run("${SET:-${MISSING:?x}}"), "value");
}

TEST_F(InterpolationTest, UnsetBecomesEmptyAndIsRecordedOnce) {
  EXPECT_EQ(run("[$NOPE][${NOPE}]"), "[][]");
  EXPECT_EQ(unset, std::set<std::string>{"NOPE"});
}

TEST_F(InterpolationTest, MalformedTemplates) {
  EXPECT_THROW(run("${SET"), std::runtime_error);
  EXPECT_THROW(run("cost $"), std::runtime_error);
  EXPECT_THROW(run("${SET:x}"), std::runtime_error);
}

TEST_F(InterpolationTest, TreeInterpolatesValuesNeverKeys) {
  Node root = parse_yaml("$SET:\n  k: ${SET}\n  list: [a$B]\n", "f.yaml");
  interpolate_tree(root, lookup, unset);
  EXPECT_EQ(root.entries[0].key, "$SET");
  EXPECT_EQ(root.entries[0].value.find("k")->value, "value");
  EXPECT_EQ(root.entries[0].value.find("list")->items[0].value, "abee");
}

TEST(FindVariables, ListsEveryFormWithDefaultsNestedOnesIncluded) {
  Node root = parse_yaml(
      "a: $PLAIN and $$ESCAPED\nb: [\"${DEF:-${INNER-x}}\", \"${ALT:+on}\", \"${REQ:?msg "
      "$IN_MSG}\"]\n",
      "f.yaml");
  auto found = find_variables(root);
  std::vector<std::string> names;
  for (const auto& [name, use] : found) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"ALT", "DEF", "INNER", "IN_MSG", "PLAIN", "REQ"}));
  EXPECT_EQ(found["DEF"].default_value, "${INNER-x}");
  EXPECT_EQ(found["INNER"].default_value, "x");
  EXPECT_EQ(found["ALT"].alternate_value, "on");
  EXPECT_TRUE(found["REQ"].required);
  EXPECT_FALSE(found["PLAIN"].required);
  EXPECT_THROW(find_variables(parse_yaml("a: ${BAD\n", "f.yaml")), Error);
}

TEST_F(InterpolationTest, TreeErrorsNameFileLineAndPath) {
  Node root = parse_yaml("services:\n  web:\n    image: ${IMG:?no image}\n", "f.yaml");
  try {
    interpolate_tree(root, lookup, unset);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(
        e.what(),
        "f.yaml:3:12: services.web.image: required variable IMG is missing a value: no image");
  }
}

}  // namespace
}  // namespace berth::spec

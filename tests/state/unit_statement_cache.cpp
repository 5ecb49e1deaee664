#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "state/database.h"

namespace berth::state {
namespace {

std::vector<std::int64_t> ids_above(Database& db, std::int64_t floor) {
  auto stmt = db.prepare("SELECT id FROM t WHERE id > ? ORDER BY id");
  stmt.bind(1, floor);
  std::vector<std::int64_t> ids;
  while (stmt.step()) ids.push_back(stmt.column_int(0));
  return ids;
}

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3);");
  }
  Database db_ = Database::open_in_memory();
};

// A statement dropped halfway through its rows, with its parameters bound, comes
// back for the same text with neither: the next use reads afresh.
TEST_F(StatementCacheTest, AReusedStatementStartsAfresh) {
  {
    auto stmt = db_.prepare("SELECT id FROM t WHERE id > ? ORDER BY id");
    stmt.bind(1, std::int64_t{0});
    ASSERT_TRUE(stmt.step());
    EXPECT_EQ(stmt.column_int(0), 1);
  }
  EXPECT_EQ(ids_above(db_, 1), (std::vector<std::int64_t>{2, 3}));
  auto unbound = db_.prepare("SELECT id FROM t WHERE id > ? ORDER BY id");
  EXPECT_FALSE(unbound.step());  // NULL bound: no id is greater
}

// Two uses of one text at once each get a statement of their own.
TEST_F(StatementCacheTest, StatementsInUseAtOnceAreApart) {
  auto outer = db_.prepare("SELECT id FROM t WHERE id > ? ORDER BY id");
  outer.bind(1, std::int64_t{0});
  std::vector<std::int64_t> pairs;
  while (outer.step())
    for (auto id : ids_above(db_, outer.column_int(0))) pairs.push_back(id);
  EXPECT_EQ(pairs, (std::vector<std::int64_t>{2, 3, 3}));
}

// A kept statement sees later changes to the data and to the schema.
TEST_F(StatementCacheTest, AReusedStatementSeesChanges) {
  EXPECT_EQ(ids_above(db_, 0).size(), 3u);
  db_.execute("INSERT INTO t VALUES (4)");
  db_.exec("ALTER TABLE t ADD COLUMN name TEXT");
  EXPECT_EQ(ids_above(db_, 0), (std::vector<std::int64_t>{1, 2, 3, 4}));
}

// A statement that outlives its database is let go safely (the sanitizer build
// checks for use after free and leaks).
TEST(StatementCache, AStatementMayOutliveItsDatabase) {
  std::optional<Statement> kept;
  {
    auto db = Database::open_in_memory();
    db.exec("CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (7);");
    { auto idle = db.prepare("SELECT id FROM t"); }
    kept.emplace(db.prepare("SELECT id FROM t"));
    ASSERT_TRUE(kept->step());
    EXPECT_EQ(kept->column_int(0), 7);
  }
  kept.reset();
}

}  // namespace
}  // namespace berth::state

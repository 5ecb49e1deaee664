#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "state/database.h"
#include "state/global_lock.h"
#include "state/migrations.h"
#include "state/state_store.h"
#include "util/error.h"
#include "util/file_lock.h"

namespace berth::state {
namespace {

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/berth-state.XXXXXX";
    ASSERT_NE(::mkdtemp(name), nullptr);
    dir_ = name;
    locations_.state_root = dir_ / "root";
    locations_.run_dir = dir_ / "run";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  bool table_exists(Database& db, const std::string& name) {
    return db.query_value("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", {name})
        .has_value();
  }

  std::filesystem::path dir_;
  Locations locations_;
};

TEST_F(StateTest, DatabaseUsesWalAndFullSync) {
  auto db = Database::open(dir_ / "a" / "state.db");
  EXPECT_EQ(std::get<std::string>(*db.query_value("PRAGMA journal_mode")), "wal");
  EXPECT_EQ(std::get<std::int64_t>(*db.query_value("PRAGMA synchronous")), 2);  // FULL
}

TEST_F(StateTest, MigrationsApplyOnceInOrderPerComponent) {
  auto db = Database::open_in_memory();
  std::vector<Migration> steps = {
      {"network", 1, "CREATE TABLE networks(name TEXT PRIMARY KEY)"},
      {"network", 2, "ALTER TABLE networks ADD COLUMN subnet TEXT"},
      {"storage", 1, "CREATE TABLE volumes(name TEXT PRIMARY KEY)"},
  };
  apply_migrations(db, steps);
  EXPECT_EQ(schema_version(db, "network"), 2);
  EXPECT_EQ(schema_version(db, "storage"), 1);
  EXPECT_EQ(schema_version(db, "runtime"), 0);
  db.execute("INSERT INTO networks(name, subnet) VALUES('n', '10.0.0.0/24')");
  // Re-applying changes nothing (the ALTER would fail if it ran twice).
  EXPECT_NO_THROW(apply_migrations(db, steps));
  EXPECT_EQ(std::get<std::int64_t>(*db.query_value("SELECT count(*) FROM networks")), 1);
}

TEST_F(StateTest, OutOfOrderMigrationIsRefused) {
  auto db = Database::open_in_memory();
  EXPECT_THROW(apply_migrations(db, {{"network", 2, "SELECT 1"}}), Error);
}

TEST_F(StateTest, FailingMigrationLeavesNoTrace) {
  auto db = Database::open_in_memory();
  std::vector<Migration> steps = {
      {"engine", 1, "CREATE TABLE projects(name TEXT); CREATE TABLE broken(;"},
  };
  EXPECT_THROW(apply_migrations(db, steps), Error);
  EXPECT_EQ(schema_version(db, "engine"), 0);
  EXPECT_FALSE(table_exists(db, "projects"));
}

TEST_F(StateTest, TransactionRollsBackWhenUnwound) {
  auto db = Database::open_in_memory();
  db.exec("CREATE TABLE t(x INTEGER)");
  try {
    Transaction tx(db);
    db.execute("INSERT INTO t VALUES(1)");
    throw Error("simulated failure");
  } catch (const Error&) {
  }
  EXPECT_EQ(std::get<std::int64_t>(*db.query_value("SELECT count(*) FROM t")), 0);
  {
    Transaction tx(db);
    db.execute("INSERT INTO t VALUES(?)", {std::int64_t{2}});
    tx.commit();
  }
  EXPECT_EQ(std::get<std::int64_t>(*db.query_value("SELECT x FROM t")), 2);
}

TEST_F(StateTest, BadSqlNamesTheStatement) {
  auto db = Database::open_in_memory();
  try {
    db.execute("SELECT * FROM missing_table");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing_table"), std::string::npos) << e.what();
  }
}

TEST_F(StateTest, RootIdIsShortHexAndStableAcrossOpens) {
  std::string first;
  {
    StateStore store(locations_);
    first = store.root_id();
    EXPECT_EQ(first.size(), 6u);
    EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  }
  StateStore again(locations_);
  EXPECT_EQ(again.root_id(), first);
  EXPECT_TRUE(std::filesystem::exists(locations_.database()));
}

TEST_F(StateTest, DifferentRootsGetDifferentIds) {
  StateStore a(locations_);
  Locations other{dir_ / "root2", dir_ / "run2"};
  StateStore b(other);
  EXPECT_NE(a.root_id(), b.root_id());
}

TEST_F(StateTest, GlobalAndProjectLocksExcludeOtherHolders) {
  {
    GlobalLock global(locations_);
    EXPECT_FALSE(FileLock::try_acquire(locations_.locks_dir() / "global.lock").held());
    ProjectLock project(locations_, "shop");
    EXPECT_FALSE(FileLock::try_acquire(locations_.locks_dir() / "project-shop.lock").held());
    EXPECT_TRUE(FileLock::try_acquire(locations_.locks_dir() / "project-other.lock").held());
  }
  EXPECT_TRUE(FileLock::try_acquire(locations_.locks_dir() / "global.lock").held());
}

}  // namespace
}  // namespace berth::state

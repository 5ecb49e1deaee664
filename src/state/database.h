#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace berth::state {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Database;
class StatementCache;

// One prepared statement; bind, step, read columns. Reset by the owner between uses;
// once dropped, kept prepared by its database for the next use of the same text.
class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, const Value& value);  // 1-based, like SQLite
  Statement& bind_all(const std::vector<Value>& values);
  // Advances to the next row; false when the statement is done.
  bool step();
  void reset();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;
  int column_count() const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::string sql,
            std::shared_ptr<StatementCache> cache);
  [[noreturn]] void fail(const std::string& what) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
  std::shared_ptr<StatementCache> cache_;
};

// The state database: one SQLite file in WAL mode with synchronous=FULL, so a
// committed change survives a crash of berth or of the machine.
class Database {
 public:
  static Database open(const std::filesystem::path& path);
  static Database open_in_memory();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Database(Database&& other) noexcept;
  Database& operator=(Database&&) = delete;
  ~Database();

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  // Runs one statement with parameters to completion; returns the rows changed.
  int execute(std::string_view sql, const std::vector<Value>& params = {});
  // First column of the first row, if there is one.
  std::optional<Value> query_value(std::string_view sql, const std::vector<Value>& params = {});
  std::int64_t last_insert_rowid() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  Database(sqlite3* db, std::filesystem::path path);
  [[noreturn]] void fail(const std::string& what) const;

  sqlite3* db_;
  std::filesystem::path path_;
  std::shared_ptr<StatementCache> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back if the scope unwinds without commit().
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace berth::state

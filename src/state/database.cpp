#include "state/database.h"

#include <utility>

#include "state/statement_cache.h"
#include "util/error.h"
#include "util/log.h"

namespace berth::state {

namespace {
// Concurrent berth commands share the file; a writer waits rather than failing.
constexpr int kBusyTimeoutMs = 30000;
}  // namespace

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, std::string sql,
                     std::shared_ptr<StatementCache> cache)
    : db_(db), stmt_(stmt), sql_(std::move(sql)), cache_(std::move(cache)) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)),
      cache_(std::move(other.cache_)) {}

Statement::~Statement() {
  if (!stmt_) return;
  if (cache_)
    cache_->give_back(sql_, stmt_);
  else
    sqlite3_finalize(stmt_);
}

void Statement::fail(const std::string& what) const {
  throw Error("state database: " + what + ": " + sqlite3_errmsg(db_), sql_);
}

Statement& Statement::bind(int index, const Value& value) {
  int rc = std::visit(
      [&](const auto& v) -> int {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) return sqlite3_bind_null(stmt_, index);
        if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(stmt_, index, v);
        if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt_, index, v);
        if constexpr (std::is_same_v<T, std::string>)
          return sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()),
                                   SQLITE_TRANSIENT);
      },
      value);
  if (rc != SQLITE_OK) fail("binding parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind_all(const std::vector<Value>& values) {
  for (size_t i = 0; i < values.size(); ++i) bind(static_cast<int>(i + 1), values[i]);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail("executing");
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

Database::Database(sqlite3* db, std::filesystem::path path)
    : db_(db), path_(std::move(path)), cache_(std::make_shared<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)) {}

Database::~Database() {
  if (cache_) cache_->finalize_all();
  if (db_) sqlite3_close_v2(db_);
}

Database Database::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw Error("creating state directory", path.parent_path().string(), ec.value());
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) db.fail("opening");
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  return db;
}

Database Database::open_in_memory() {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open(":memory:", &raw);
  Database db(raw, ":memory:");
  if (rc != SQLITE_OK) db.fail("opening");
  db.exec("PRAGMA foreign_keys=ON;");
  return db;
}

void Database::fail(const std::string& what) const {
  throw Error("state database: " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"),
              path_.string());
}

void Database::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error("state database: " + reason, text);
  }
}

Statement Database::prepare(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_stmt* idle = cache_->take(text)) return Statement(db_, idle, std::move(text), cache_);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK)
    throw Error(std::string("state database: preparing: ") + sqlite3_errmsg(db_), text);
  return Statement(db_, stmt, std::move(text), cache_);
}

int Database::execute(std::string_view sql, const std::vector<Value>& params) {
  auto stmt = prepare(sql);
  stmt.bind_all(params);
  while (stmt.step()) {
  }
  return sqlite3_changes(db_);
}

std::optional<Value> Database::query_value(std::string_view sql, const std::vector<Value>& params) {
  auto stmt = prepare(sql);
  stmt.bind_all(params);
  if (!stmt.step()) return std::nullopt;
  switch (sqlite3_column_type(stmt.stmt_, 0)) {
    case SQLITE_NULL:
      return Value(nullptr);
    case SQLITE_INTEGER:
      return Value(stmt.column_int(0));
    case SQLITE_FLOAT:
      return Value(stmt.column_double(0));
    default:
      return Value(stmt.column_text(0));
  }
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (done_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (const Error& e) {
    log::warn("rolling back: {}", e.what());
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace berth::state

#include "state/statement_cache.h"

namespace berth::state {

sqlite3_stmt* StatementCache::take(const std::string& sql) {
  std::lock_guard lock(mutex_);
  auto found = idle_.find(sql);
  if (found == idle_.end() || found->second.empty()) return nullptr;
  sqlite3_stmt* stmt = found->second.back();
  found->second.pop_back();
  return stmt;
}

void StatementCache::give_back(const std::string& sql, sqlite3_stmt* stmt) {
  // Reset ends its read of the database, as finalizing would.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  std::lock_guard lock(mutex_);
  if (closed_) {
    sqlite3_finalize(stmt);
    return;
  }
  idle_[sql].push_back(stmt);
}

void StatementCache::finalize_all() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  for (auto& [sql, statements] : idle_)
    for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
  idle_.clear();
}

}  // namespace berth::state

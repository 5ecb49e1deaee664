#pragma once

#include <sqlite3.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace berth::state {

// Prepared statements of one connection that are not in use, by their text: a
// text is compiled once per connection instead of at every use (tens of
// microseconds each, on every row an `up` writes).
class StatementCache {
 public:
  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() { finalize_all(); }

  // An idle statement of `sql`, or nullptr when there is none.
  sqlite3_stmt* take(const std::string& sql);
  // Resets `stmt` and keeps it for the next take; finalizes it once closed.
  void give_back(const std::string& sql, sqlite3_stmt* stmt);
  // Before the connection closes: every idle statement goes, and later ones too.
  void finalize_all();

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
  bool closed_ = false;
};

}  // namespace berth::state

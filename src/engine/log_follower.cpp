#include "engine/log_follower.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>

#include "util/error.h"

namespace berth::engine {

namespace fs = std::filesystem;

namespace {
// Stamps compare as text once they all carry nine fractional digits.
std::string normalized_stamp(const std::string& text) {
  if (text.empty() || text.back() != 'Z')
    throw Error("expected an RFC 3339 UTC time (ending in Z) or a duration like 10m", text);
  auto dot = text.find('.');
  std::string seconds = text.substr(0, dot == std::string::npos ? text.size() - 1 : dot);
  std::string fraction =
      dot == std::string::npos ? "" : text.substr(dot + 1, text.size() - dot - 2);
  fraction.resize(9, '0');
  return seconds + "." + fraction + "Z";
}

std::vector<runtime::LogEntry> parse_lines(const std::string& text, std::string& partial) {
  std::vector<runtime::LogEntry> entries;
  partial += text;
  size_t start = 0;
  for (size_t end; (end = partial.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string line = partial.substr(start, end - start);
    if (line.empty()) continue;
    try {
      entries.push_back(runtime::parse_log_line(line));
    } catch (const std::exception&) {
      // A torn or foreign line is skipped like docker skips it.
    }
  }
  partial.erase(0, start);
  return entries;
}

std::string read_all(int fd) {
  std::string text;
  char buffer[65536];
  for (ssize_t got; (got = ::read(fd, buffer, sizeof(buffer))) > 0;)
    text.append(buffer, static_cast<size_t>(got));
  return text;
}
}  // namespace

fs::path container_log_path(const EngineContext& context, const std::string& name) {
  return context.rootfs.container_dir(name) / "json.log";
}

void watch_container(FileWatch& changes, const EngineContext& context, const std::string& name) {
  changes.watch_directory(container_log_path(context, name).parent_path());
  changes.watch_directory(context.runtime_dir(name));
}

std::string parse_log_time(const std::string& text) {
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) &&
      text.find_first_not_of("0123456789") == text.size() - 1) {
    long long amount = std::stoll(text.substr(0, text.size() - 1));
    long long unit = text.back() == 's'   ? 1
                     : text.back() == 'm' ? 60
                     : text.back() == 'h' ? 3600
                                          : 0;
    if (unit == 0) throw Error("unknown duration unit (use s, m or h)", text);
    std::time_t at = std::time(nullptr) - static_cast<std::time_t>(amount * unit);
    std::tm utc{};
    ::gmtime_r(&at, &utc);
    char stamp[64];
    std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return normalized_stamp(stamp);
  }
  return normalized_stamp(text);
}

LogFollower::LogFollower(LogSelection selection) : selection_(std::move(selection)) {
  if (!selection_.since.empty()) selection_.since = normalized_stamp(selection_.since);
  if (!selection_.until.empty()) selection_.until = normalized_stamp(selection_.until);
}

void LogFollower::add(const std::string& container, const fs::path& path) {
  Source source;
  source.container = container;
  source.path = path;
  sources_.push_back(std::move(source));
}

bool LogFollower::selected(const runtime::LogEntry& entry) const {
  if (selection_.since.empty() && selection_.until.empty()) return true;
  auto stamp = normalized_stamp(entry.time);
  if (!selection_.since.empty() && stamp < selection_.since) return false;
  if (!selection_.until.empty() && stamp > selection_.until) return false;
  return true;
}

void LogFollower::drain(Source& source, std::vector<ContainerLogLine>& out) {
  for (auto& entry : parse_lines(read_all(source.fd.get()), source.partial))
    if (selected(entry)) out.push_back({source.container, std::move(entry)});
}

void LogFollower::read_existing(Source& source, std::vector<ContainerLogLine>& out) {
  source.fd.reset(::open(source.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!source.fd) return;  // the container has not written yet
  source.started = true;
  struct stat info {};
  ::fstat(source.fd.get(), &info);
  source.inode = info.st_ino;

  std::vector<fs::path> rotated;
  for (int index = 1; fs::exists(source.path.string() + "." + std::to_string(index)); ++index)
    rotated.push_back(source.path.string() + "." + std::to_string(index));
  std::vector<ContainerLogLine> existing;
  for (auto file = rotated.rbegin(); file != rotated.rend(); ++file) {
    std::ifstream in(*file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string partial;
    for (auto& entry : parse_lines(text, partial))
      if (selected(entry)) existing.push_back({source.container, std::move(entry)});
  }
  drain(source, existing);
  if (selection_.tail && existing.size() > *selection_.tail)
    existing.erase(existing.begin(),
                   existing.end() - static_cast<std::ptrdiff_t>(*selection_.tail));
  std::move(existing.begin(), existing.end(), std::back_inserter(out));
}

void LogFollower::read_appended(Source& source, std::vector<ContainerLogLine>& out) {
  drain(source, out);
  // Rotation renames the file away: finish the old one, then continue in the new.
  struct stat info {};
  if (::stat(source.path.c_str(), &info) != 0 || info.st_ino == source.inode) return;
  source.fd.reset(::open(source.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!source.fd) return;
  source.inode = info.st_ino;
  source.partial.clear();
  drain(source, out);
}

std::vector<ContainerLogLine> LogFollower::read() {
  std::vector<ContainerLogLine> lines;
  for (auto& source : sources_) {
    if (source.started)
      read_appended(source, lines);
    else
      read_existing(source, lines);
  }
  std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    return normalized_stamp(a.entry.time) < normalized_stamp(b.entry.time);
  });
  return lines;
}

}  // namespace berth::engine

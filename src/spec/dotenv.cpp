#include "spec/dotenv.h"

#include <fstream>
#include <sstream>

#include "spec/errors.h"
#include "spec/utf8.h"
#include "util/error.h"

namespace berth::spec {

namespace {

class DotenvParser {
 public:
  DotenvParser(const std::string& text, const std::string& file, const VariableLookup& lookup)
      : text_(text), file_(file), lookup_(lookup) {}

  Environment parse() {
    if (auto offset = invalid_utf8_offset(text_))
      fail_at(mark_at_offset(text_, *offset, file_), "",
              "invalid UTF-8 text: an env file must be UTF-8");
    while (pos_ < text_.size()) parse_line();
    return result_;
  }

 private:
  void parse_line() {
    skip_blanks();
    if (at_line_end()) return skip_line();
    if (text_[pos_] == '#') return skip_line();
    if (text_.compare(pos_, 7, "export ") == 0) {
      pos_ += 7;
      skip_blanks();
    }
    int line = current_line();
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '=' && text_[pos_] != '\n') ++pos_;
    std::string key = trim(text_.substr(start, pos_ - start));
    if (key.empty() || key.find_first_of(" \t") != std::string::npos)
      fail_at(Mark{file_, line, 1}, "", "invalid line in env file: expected KEY=VALUE");
    if (pos_ >= text_.size() || text_[pos_] == '\n') return skip_line();  // bare KEY: ignored
    ++pos_;
    skip_blanks();
    result_[key] = parse_value(line);
    skip_line();
  }

  std::string parse_value(int line) {
    if (pos_ < text_.size() && text_[pos_] == '\'') return single_quoted(line);
    if (pos_ < text_.size() && text_[pos_] == '"') return expand(double_quoted(line), line);
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      if (text_[pos_] == '#' && pos_ > start && (text_[pos_ - 1] == ' ' || text_[pos_ - 1] == '\t'))
        break;
      ++pos_;
    }
    return expand(trim(text_.substr(start, pos_ - start)), line);
  }

  std::string single_quoted(int line) {
    size_t close = text_.find('\'', pos_ + 1);
    if (close == std::string::npos) fail_at(Mark{file_, line, 1}, "", "unterminated ' quote");
    std::string value = text_.substr(pos_ + 1, close - pos_ - 1);
    pos_ = close + 1;
    return value;
  }

  std::string double_quoted(int line) {
    std::string value;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return value;
      }
      if (c == '\\' && pos_ + 1 < text_.size()) {
        char next = text_[++pos_];
        if (next == 'n')
          value += '\n';
        else if (next == 't')
          value += '\t';
        else if (next == 'r')
          value += '\r';
        else if (next == '"' || next == '\\')
          value += next;
        else if (next == '$')
          value += "$$";  // stays literal through expand()
        else
          value += std::string{'\\', next};
        continue;
      }
      value += c;
    }
    fail_at(Mark{file_, line, 1}, "", "unterminated \" quote");
  }

  std::string expand(const std::string& value, int line) {
    if (value.find('$') == std::string::npos) return value;
    VariableLookup chained = [this](const std::string& name) -> std::optional<std::string> {
      if (auto found = lookup_(name)) return found;
      auto it = result_.find(name);
      if (it != result_.end()) return it->second;
      return std::nullopt;
    };
    std::set<std::string> unset;
    try {
      return interpolate(value, chained, unset);
    } catch (const std::runtime_error& e) {
      fail_at(Mark{file_, line, 1}, "", e.what());
    }
  }

  int current_line() const {
    return 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + pos_, '\n'));
  }
  bool at_line_end() const { return pos_ >= text_.size() || text_[pos_] == '\n'; }
  void skip_blanks() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  void skip_line() {
    size_t newline = text_.find('\n', pos_);
    pos_ = newline == std::string::npos ? text_.size() : newline + 1;
  }
  static std::string trim(const std::string& text) {
    size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return {};
    size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
  }

  const std::string& text_;
  const std::string& file_;
  const VariableLookup& lookup_;
  size_t pos_ = 0;
  Environment result_;
};

}  // namespace

Environment parse_dotenv(const std::string& text, const std::string& file_name,
                         const VariableLookup& lookup) {
  return DotenvParser(text, file_name, lookup).parse();
}

Environment read_dotenv_file(const std::string& path, const VariableLookup& lookup) {
  std::ifstream in(path);
  if (!in) throw Error("reading env file", path, errno);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_dotenv(buffer.str(), path, lookup);
}

}  // namespace berth::spec

#include "network/dns_message.h"

#include <cctype>

#include "util/error.h"

namespace berth::network::dns {

namespace {

constexpr size_t kMaxNameLength = 255;  // wire form, length bytes included
constexpr size_t kMaxLabelLength = 63;
constexpr uint16_t kPointerToFirstQuestion = 0xc000 | kHeaderSize;

[[noreturn]] void malformed(const std::string& why) {
  throw Error("malformed DNS message: " + why);
}

// Bounds-checked reads over one packet.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> packet) : packet_(packet) {}

  size_t offset() const { return offset_; }
  void need(size_t bytes, const char* what) const {
    if (bytes > packet_.size() || offset_ > packet_.size() - bytes)
      malformed(std::string("truncated ") + what);
  }
  uint8_t u8(const char* what) {
    need(1, what);
    return packet_[offset_++];
  }
  uint16_t u16(const char* what) {
    need(2, what);
    uint16_t value = static_cast<uint16_t>(packet_[offset_] << 8 | packet_[offset_ + 1]);
    offset_ += 2;
    return value;
  }
  uint32_t u32(const char* what) {
    uint32_t high = u16(what);
    return high << 16 | u16(what);
  }
  std::vector<uint8_t> bytes(size_t count, const char* what) {
    need(count, what);
    std::vector<uint8_t> out(packet_.begin() + static_cast<ptrdiff_t>(offset_),
                             packet_.begin() + static_cast<ptrdiff_t>(offset_ + count));
    offset_ += count;
    return out;
  }

  // A possibly compressed name. Every pointer must point before the start of
  // the labels it interrupts, so a chain of pointers strictly moves backwards
  // and a loop is impossible; the name length limit bounds the rest.
  std::string name() {
    std::string text;
    size_t position = offset_;
    size_t segment_start = offset_;
    size_t wire_length = 1;
    bool jumped = false;
    for (;;) {
      if (position >= packet_.size()) malformed("truncated name");
      uint8_t length = packet_[position];
      if ((length & 0xc0) == 0xc0) {
        if (position + 1 >= packet_.size()) malformed("truncated name pointer");
        size_t target = static_cast<size_t>(length & 0x3f) << 8 | packet_[position + 1];
        if (target >= segment_start) malformed("name pointer does not point backwards");
        if (!jumped) offset_ = position + 2;
        jumped = true;
        position = segment_start = target;
        continue;
      }
      if (length & 0xc0) malformed("reserved label type");
      if (length == 0) break;
      wire_length += length + 1u;
      if (wire_length > kMaxNameLength) malformed("name longer than 255 bytes");
      if (position + 1 + length > packet_.size()) malformed("truncated label");
      if (!text.empty()) text += '.';
      append_label(text, packet_.subspan(position + 1, length));
      position += 1 + length;
    }
    if (!jumped) offset_ = position + 1;
    return text;
  }

 private:
  static void append_label(std::string& text, std::span<const uint8_t> label) {
    for (uint8_t byte : label) {
      if (std::isalnum(byte) || byte == '-' || byte == '_' || byte == '*') {
        text += static_cast<char>(byte);
      } else {
        char escaped[5];
        std::snprintf(escaped, sizeof escaped, "\\%03u", byte);
        text += escaped;
      }
    }
  }

  std::span<const uint8_t> packet_;
  size_t offset_ = 0;
};

bool holds_name(uint16_t type) { return type == kPtr || type == kCname || type == kNs; }

Record read_record(Reader& reader) {
  Record record;
  record.name = reader.name();
  record.type = reader.u16("record type");
  record.klass = reader.u16("record class");
  record.ttl = reader.u32("record ttl");
  uint16_t length = reader.u16("record length");
  reader.need(length, "record data");
  size_t end = reader.offset() + length;
  if (holds_name(record.type)) {
    record.rdata = encode_name(reader.name());
    if (reader.offset() != end) malformed("record data length does not match its name");
  } else {
    record.rdata = reader.bytes(length, "record data");
  }
  return record;
}

void put16(std::vector<uint8_t>& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value));
}

void put32(std::vector<uint8_t>& out, uint32_t value) {
  put16(out, static_cast<uint16_t>(value >> 16));
  put16(out, static_cast<uint16_t>(value));
}

void put_name(std::vector<uint8_t>& out, std::string_view name) {
  auto wire = encode_name(name);
  out.insert(out.end(), wire.begin(), wire.end());
}

uint16_t count(size_t size) {
  if (size > 0xffff) throw Error("DNS message has too many records");
  return static_cast<uint16_t>(size);
}

}  // namespace

Header parse_header(std::span<const uint8_t> packet) {
  Reader reader(packet);
  Header header;
  header.id = reader.u16("header");
  header.flags = reader.u16("header");
  return header;
}

Message parse_message(std::span<const uint8_t> packet) {
  Reader reader(packet);
  Message message;
  message.header.id = reader.u16("header");
  message.header.flags = reader.u16("header");
  uint16_t questions = reader.u16("header");
  uint16_t answers = reader.u16("header");
  uint16_t authority = reader.u16("header");
  uint16_t additional = reader.u16("header");
  // Each entry takes at least 5 bytes, so the counts cannot make us loop long
  // or reserve much before a truncated packet stops the parse.
  for (uint16_t i = 0; i < questions; ++i) {
    Question question;
    question.name = reader.name();
    question.type = reader.u16("question type");
    question.klass = reader.u16("question class");
    message.questions.push_back(std::move(question));
  }
  for (uint16_t i = 0; i < answers; ++i) message.answers.push_back(read_record(reader));
  for (uint16_t i = 0; i < authority; ++i) message.authority.push_back(read_record(reader));
  for (uint16_t i = 0; i < additional; ++i) message.additional.push_back(read_record(reader));
  return message;
}

std::vector<uint8_t> encode_name(std::string_view name) {
  std::vector<uint8_t> wire;
  std::vector<uint8_t> label;
  auto finish_label = [&] {
    if (label.empty()) throw Error("empty label in DNS name", std::string(name));
    if (label.size() > kMaxLabelLength) throw Error("DNS label over 63 bytes", std::string(name));
    wire.push_back(static_cast<uint8_t>(label.size()));
    wire.insert(wire.end(), label.begin(), label.end());
    label.clear();
  };
  if (name.ends_with('.') && !name.ends_with("\\.")) name.remove_suffix(1);
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '.') {
      finish_label();
    } else if (c == '\\' && i + 3 < name.size() && std::isdigit(name[i + 1]) &&
               std::isdigit(name[i + 2]) && std::isdigit(name[i + 3])) {
      int value = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
      if (value > 255) throw Error("bad escape in DNS name", std::string(name));
      label.push_back(static_cast<uint8_t>(value));
      i += 3;
    } else if (c == '\\' && i + 1 < name.size()) {
      label.push_back(static_cast<uint8_t>(name[++i]));
    } else {
      label.push_back(static_cast<uint8_t>(c));
    }
  }
  if (!name.empty()) finish_label();
  wire.push_back(0);
  if (wire.size() > kMaxNameLength) throw Error("DNS name over 255 bytes", std::string(name));
  return wire;
}

std::vector<uint8_t> encode_message(const Message& message) {
  std::vector<uint8_t> out;
  out.reserve(kMaxUdpSize);
  put16(out, message.header.id);
  put16(out, message.header.flags);
  put16(out, count(message.questions.size()));
  put16(out, count(message.answers.size()));
  put16(out, count(message.authority.size()));
  put16(out, count(message.additional.size()));
  for (const auto& question : message.questions) {
    put_name(out, question.name);
    put16(out, question.type);
    put16(out, question.klass);
  }
  auto put_records = [&](const std::vector<Record>& records) {
    for (const auto& record : records) {
      if (!message.questions.empty() && record.name == message.questions.front().name)
        put16(out, kPointerToFirstQuestion);
      else
        put_name(out, record.name);
      put16(out, record.type);
      put16(out, record.klass);
      put32(out, record.ttl);
      put16(out, count(record.rdata.size()));
      out.insert(out.end(), record.rdata.begin(), record.rdata.end());
    }
  };
  put_records(message.answers);
  put_records(message.authority);
  put_records(message.additional);
  return out;
}

std::string rdata_name(const Record& record) {
  if (!holds_name(record.type)) throw Error("DNS record does not hold a name", record.name);
  Reader reader(record.rdata);
  return reader.name();
}

Record a_record(std::string name, uint32_t ipv4_host_order, uint32_t ttl) {
  Record record{std::move(name), kA, kClassIn, ttl, {}};
  put32(record.rdata, ipv4_host_order);
  return record;
}

Record aaaa_record(std::string name, const std::array<uint8_t, 16>& ipv6, uint32_t ttl) {
  return {std::move(name), kAaaa, kClassIn, ttl, {ipv6.begin(), ipv6.end()}};
}

Record ptr_record(std::string name, std::string_view target, uint32_t ttl) {
  return {std::move(name), kPtr, kClassIn, ttl, encode_name(target)};
}

std::string lower(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace berth::network::dns

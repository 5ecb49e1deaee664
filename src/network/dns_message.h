#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace berth::network::dns {

// The DNS wire format (RFC 1035) as far as berth's responder needs it. Every
// packet comes from an untrusted sender, so parsing checks every length and
// offset and throws Error on anything malformed instead of guessing.

enum Type : uint16_t { kA = 1, kNs = 2, kCname = 5, kPtr = 12, kAaaa = 28, kOpt = 41, kAny = 255 };
constexpr uint16_t kClassIn = 1;
constexpr uint16_t kPort = 53;
enum Rcode : uint8_t {
  kNoError = 0,
  kFormErr = 1,
  kServFail = 2,
  kNxDomain = 3,
  kNotImp = 4,
  kRefused = 5
};

// Flag bits of the header's second 16-bit word.
constexpr uint16_t kFlagResponse = 0x8000;
constexpr uint16_t kFlagAuthoritative = 0x0400;
constexpr uint16_t kFlagTruncated = 0x0200;
constexpr uint16_t kFlagRecursionDesired = 0x0100;
constexpr uint16_t kFlagRecursionAvailable = 0x0080;
constexpr size_t kHeaderSize = 12;
constexpr size_t kMaxUdpSize = 512;  // without EDNS, which berth does not advertise

struct Header {
  uint16_t id = 0;
  uint16_t flags = 0;
  uint8_t opcode() const { return (flags >> 11) & 0xf; }
  uint8_t rcode() const { return flags & 0xf; }
};

// Names are kept in presentation form without the final dot ("web.proj_default");
// a label byte that is a dot, a backslash or not printable is written as \DDD.
struct Question {
  std::string name;
  uint16_t type = kA;
  uint16_t klass = kClassIn;
};

struct Record {
  std::string name;
  uint16_t type = kA;
  uint16_t klass = kClassIn;
  uint32_t ttl = 0;
  std::vector<uint8_t> rdata;  // for PTR, CNAME and NS: the target, uncompressed
};

struct Message {
  Header header;
  std::vector<Question> questions;
  std::vector<Record> answers;
  std::vector<Record> authority;
  std::vector<Record> additional;
};

Message parse_message(std::span<const uint8_t> packet);
// Names are compressed only where a record's name repeats the first question's.
std::vector<uint8_t> encode_message(const Message& message);
// Reads just the header; throws when the packet is shorter than one.
Header parse_header(std::span<const uint8_t> packet);

// Name in wire form, uncompressed; throws Error on labels over 63 bytes or a
// name over 255.
std::vector<uint8_t> encode_name(std::string_view name);
// The decoded name of a PTR/CNAME/NS record's rdata (uncompressed after parsing).
std::string rdata_name(const Record& record);
Record a_record(std::string name, uint32_t ipv4_host_order, uint32_t ttl);
Record aaaa_record(std::string name, const std::array<uint8_t, 16>& ipv6, uint32_t ttl);
Record ptr_record(std::string name, std::string_view target, uint32_t ttl);

// ASCII lower case: DNS names compare case-insensitively (RFC 4343).
std::string lower(std::string_view name);

}  // namespace berth::network::dns

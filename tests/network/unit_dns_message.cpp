#include <gtest/gtest.h>

#include <array>
#include <random>

#include "network/dns_message.h"
#include "util/error.h"

namespace berth::network::dns {
namespace {

using Bytes = std::vector<uint8_t>;

// A query header with one question and the given counts of other records.
Bytes header(uint16_t questions, uint16_t answers = 0) {
  return {
      0x12, 0x34, 0x01, 0x00, 0, static_cast<uint8_t>(questions), 0, static_cast<uint8_t>(answers),
      0,    0,    0,    0};
}

Bytes append(Bytes head, const Bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

TEST(DnsMessage, RoundTripsAQueryAndAnswers) {
  Message query;
  query.header.id = 0xbeef;
  query.header.flags = kFlagRecursionDesired;
  query.questions.push_back({"Web.Proj_Default", kA, kClassIn});
  query.answers.push_back(a_record("Web.Proj_Default", 0x0a590002, 7));
  query.answers.push_back(ptr_record("2.0.89.10.in-addr.arpa", "proj-web-1", 0));
  auto wire = encode_message(query);
  // The first answer's name is a pointer to the question (2 bytes, not 18).
  EXPECT_EQ(wire.size(), 12u + 18 + 4 + (2 + 10 + 4) + (24 + 10 + 12));

  auto parsed = parse_message(wire);
  EXPECT_EQ(parsed.header.id, 0xbeef);
  EXPECT_EQ(parsed.header.flags, kFlagRecursionDesired);
  ASSERT_EQ(parsed.questions.size(), 1u);
  EXPECT_EQ(parsed.questions[0].name, "Web.Proj_Default");
  ASSERT_EQ(parsed.answers.size(), 2u);
  EXPECT_EQ(parsed.answers[0].name, "Web.Proj_Default");
  EXPECT_EQ(parsed.answers[0].ttl, 7u);
  EXPECT_EQ(parsed.answers[0].rdata, (Bytes{10, 89, 0, 2}));
  EXPECT_EQ(rdata_name(parsed.answers[1]), "proj-web-1");
}

TEST(DnsMessage, RoundTripsAnAaaaRecord) {
  Message reply;
  reply.questions.push_back({"web", kAaaa, kClassIn});
  std::array<uint8_t, 16> address{0xfd, 0, 0, 1};
  address[15] = 2;
  reply.answers.push_back(aaaa_record("web", address, 0));
  auto parsed = parse_message(encode_message(reply));
  ASSERT_EQ(parsed.answers.size(), 1u);
  EXPECT_EQ(parsed.answers[0].type, kAaaa);
  EXPECT_EQ(parsed.answers[0].klass, kClassIn);
  EXPECT_EQ(parsed.answers[0].rdata, Bytes(address.begin(), address.end()));
}

TEST(DnsMessage, FollowsBackwardCompressionPointers) {
  // Question "a.b", then an answer named "x" + pointer to "b" (offset 14).
  auto packet = append(header(1, 1), {1, 'a', 1,    'b', 0, 0, 1, 0, 1,  // question
                                      1, 'x', 0xc0, 14,                  // name x.b
                                      0, 1,   0,    1,   0, 0, 0, 5, 0, 4, 1, 2, 3, 4});
  auto message = parse_message(packet);
  EXPECT_EQ(message.questions[0].name, "a.b");
  EXPECT_EQ(message.answers[0].name, "x.b");
  EXPECT_EQ(message.answers[0].rdata, (Bytes{1, 2, 3, 4}));
}

TEST(DnsMessage, RejectsCompressionLoops) {
  // A pointer to itself, to a later offset, and a two-step cycle.
  EXPECT_THROW(parse_message(append(header(1), {0xc0, 12, 0, 1, 0, 1})), Error);
  EXPECT_THROW(parse_message(append(header(1), {0xc0, 14, 0, 0, 1, 0, 1})), Error);
  EXPECT_THROW(parse_message(append(header(1), {1, 'a', 0xc0, 12, 0, 1, 0, 1})), Error);
  // Answer name pointing at a pointer that points back at the answer.
  EXPECT_THROW(parse_message(append(header(1, 1), {0xc0, 19, 0, 1, 0, 1,  // q: -> 19
                                                   0,    0,  0, 0, 0,     // filler
                                                   0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0})),
               Error);
}

TEST(DnsMessage, RejectsTruncatedAndOversizedPackets) {
  auto good = append(header(1), {3, 'w', 'e', 'b', 0, 0, 1, 0, 1});
  EXPECT_NO_THROW(parse_message(good));
  for (size_t size = 0; size < good.size(); ++size)
    EXPECT_THROW(parse_message(Bytes(good.begin(), good.begin() + static_cast<long>(size))), Error)
        << "length " << size;
  // A label running past the end, a record whose data runs past the end.
  EXPECT_THROW(parse_message(append(header(1), {60, 'a', 'b', 0})), Error);
  EXPECT_THROW(
      parse_message(append(header(1, 1), {0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 200, 1, 2})),
      Error);
  // Reserved label types (0x40, 0x80) and names longer than 255 bytes.
  EXPECT_THROW(parse_message(append(header(1), {0x40, 0, 0, 1, 0, 1})), Error);
  EXPECT_THROW(parse_message(append(header(1), {0x80, 0, 0, 1, 0, 1})), Error);
  Bytes long_name;
  for (int i = 0; i < 5; ++i) {
    long_name.push_back(63);
    long_name.insert(long_name.end(), 63, 'a');
  }
  long_name.insert(long_name.end(), {0, 0, 1, 0, 1});
  EXPECT_THROW(parse_message(append(header(1), long_name)), Error);
  // Counts that promise more than the packet holds.
  EXPECT_THROW(parse_message(append(header(200), {0, 0, 1, 0, 1})), Error);
  EXPECT_THROW(parse_header(Bytes{1, 2, 3}), Error);
}

TEST(DnsMessage, PtrDataMustBeExactlyOneName) {
  auto packet = append(header(0, 1), {0, 0, 12, 0, 1, 0, 0, 0, 0, 0, 4, 1, 'a', 0, 0xff});
  EXPECT_THROW(parse_message(packet), Error);
}

TEST(DnsMessage, EscapesOddLabelBytesAndEncodesThemBack) {
  auto packet = append(header(1), {3, 'a', '.', 0x07, 0, 0, 1, 0, 1});
  auto message = parse_message(packet);
  EXPECT_EQ(message.questions[0].name, "a\\046\\007");
  EXPECT_EQ(encode_name(message.questions[0].name), (Bytes{3, 'a', '.', 7, 0}));
  EXPECT_EQ(encode_name("web."), (Bytes{3, 'w', 'e', 'b', 0}));
  EXPECT_EQ(encode_name(""), (Bytes{0}));
  EXPECT_THROW(encode_name("a..b"), Error);
  EXPECT_THROW(encode_name(std::string(64, 'a')), Error);
  EXPECT_EQ(lower("WeB.Proj"), "web.proj");
}

// Mutations of a valid reply (names, pointers, records) must parse or throw
// Error, never read out of bounds (the sanitizer build checks) or hang.
TEST(DnsMessage, MutatedPacketsParseOrThrow) {
  Message reply;
  reply.header.id = 1;
  reply.questions.push_back({"web.proj_default", kA, kClassIn});
  reply.answers.push_back(a_record("web.proj_default", 0x0a000002, 0));
  reply.answers.push_back(ptr_record("other", "proj-web-1", 0));
  const auto valid = encode_message(reply);
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    auto packet = valid;
    for (int flips = 1 + static_cast<int>(random() % 4); flips > 0; --flips)
      packet[random() % packet.size()] = static_cast<uint8_t>(random());
    packet.resize(random() % (packet.size() + 1));
    try {
      auto message = parse_message(packet);
      encode_message(message);
    } catch (const Error&) {
    }
  }
}

}  // namespace
}  // namespace berth::network::dns

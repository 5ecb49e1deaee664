#include <gtest/gtest.h>

#include <string>

#include "util/sha256.h"

namespace berth {
namespace {

// FIPS 180-4's examples (csrc.nist.gov, SHA256.pdf) and the empty message.
TEST(Sha256, BuiltInMatchesPublishedVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Every length around the padding's one- and two-block cases, and a few blocks
// on, against libcrypto's streaming hasher.
TEST(Sha256, BuiltInMatchesLibcryptoAtEveryLength) {
  std::string text;
  for (int length = 0; length <= 300; ++length) {
    Sha256 streamed;
    streamed.update(text);
    EXPECT_EQ(sha256_hex(text), streamed.hex()) << "length " << length;
    text += static_cast<char>('!' + (length * 7) % 90);
  }
}

}  // namespace
}  // namespace berth

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/content_store.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;

namespace {
class ContentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("berth-cs-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  size_t temp_files() const {
    size_t count = 0;
    for (auto& entry : fs::directory_iterator(root_ / "blobs" / "sha256"))
      if (entry.path().filename().string().starts_with(".tmp-")) ++count;
    return count;
  }
  fs::path root_;
};

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_digest(""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_digest("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(ContentStoreTest, PutStoresBlobUnderItsDigest) {
  ContentStore store(root_);
  auto descriptor = store.put("hello", "text/plain");
  EXPECT_EQ(descriptor.digest, sha256_digest("hello"));
  EXPECT_EQ(descriptor.size, 5);
  EXPECT_TRUE(store.contains(descriptor.digest));
  EXPECT_EQ(store.read_verified(descriptor), "hello");
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(ContentStoreTest, DigestMismatchLeavesNothing) {
  ContentStore store(root_);
  auto writer = store.writer();
  writer.write("tampered");
  std::string claimed = sha256_digest("original");
  EXPECT_THROW(writer.commit({"", claimed, 8}), berth::Error);
  EXPECT_FALSE(store.contains(claimed));
  EXPECT_FALSE(store.contains(sha256_digest("tampered")));
}

TEST_F(ContentStoreTest, SizeMismatchIsRejected) {
  ContentStore store(root_);
  auto writer = store.writer();
  writer.write("abc");
  EXPECT_THROW(writer.commit({"", sha256_digest("abc"), 4}), berth::Error);
  EXPECT_FALSE(store.contains(sha256_digest("abc")));
}

TEST_F(ContentStoreTest, AbandonedWriteLeavesNoBlobAndNoTempFile) {
  ContentStore store(root_);
  {
    auto writer = store.writer();
    writer.write("partial download");
    EXPECT_EQ(temp_files(), 1u);
  }
  EXPECT_EQ(temp_files(), 0u);
  EXPECT_FALSE(store.contains(sha256_digest("partial download")));
}

TEST_F(ContentStoreTest, CorruptedStoredBlobIsDetectedOnRead) {
  ContentStore store(root_);
  auto descriptor = store.put("payload", "");
  std::ofstream(store.path_of(descriptor.digest), std::ios::trunc) << "PAYLOAD";
  EXPECT_THROW(store.read_verified(descriptor), berth::Error);
}

TEST_F(ContentStoreTest, PutFileVerifiesExpectedDigest) {
  ContentStore store(root_);
  std::ofstream(root_ / "input") << "file content";
  auto descriptor = store.put_file(root_ / "input", {"", sha256_digest("file content"), 12});
  EXPECT_EQ(store.read_verified(descriptor), "file content");
  EXPECT_THROW(store.put_file(root_ / "input", {"", sha256_digest("other"), 0}), berth::Error);
}

}  // namespace

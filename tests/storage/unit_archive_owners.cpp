#include <gtest/gtest.h>

#include "storage/archive_owners.h"
#include "util/error.h"

namespace berth::storage {
namespace {

const IdMapping kMapping{300000, 400000, 65536};

TEST(ArchiveOwners, KeepsOrReplacesTheArchivesOwners) {
  EXPECT_EQ(ArchiveOwners::as_archived().owner_of("f", {12, 34}), (ArchiveOwner{12, 34}));
  EXPECT_EQ(ArchiveOwners::all({1000, 100}).owner_of("f", {12, 34}), (ArchiveOwner{1000, 100}));
}

TEST(ArchiveOwners, MovesOwnersIntoAUserNamespacesHostIds) {
  auto owners = ArchiveOwners::into_namespace(kMapping);
  EXPECT_EQ(owners.owner_of("f", {0, 0}), (ArchiveOwner{300000, 400000}));
  EXPECT_EQ(owners.owner_of("f", {1234, 65535}), (ArchiveOwner{301234, 465535}));
}

TEST(ArchiveOwners, RefusesOwnersTheNamespaceHasNoIdFor) {
  auto owners = ArchiveOwners::into_namespace(kMapping);
  try {
    owners.owner_of("dir/file", {65536, 0});
    FAIL() << "an unmapped owner was accepted";
  } catch (const Error& error) {
    std::string text = error.what();
    EXPECT_NE(text.find("owner 65536"), std::string::npos) << text;
    EXPECT_NE(text.find("dir/file"), std::string::npos) << text;
  }
  EXPECT_THROW(owners.owner_of("f", {0, 70000}), Error);
}

TEST(ArchiveOwners, MovesHostIdsOutOfAUserNamespaceAndOthersToNobody) {
  auto owners = ArchiveOwners::out_of_namespace(kMapping);
  EXPECT_EQ(owners.owner_of("f", {300000, 400000}), (ArchiveOwner{0, 0}));
  EXPECT_EQ(owners.owner_of("f", {301234, 465535}), (ArchiveOwner{1234, 65535}));
  EXPECT_EQ(owners.owner_of("f", {0, 465536}), (ArchiveOwner{65534, 65534}));
  EXPECT_EQ(owners.owner_of("f", {299999, 399999}), (ArchiveOwner{65534, 65534}));
}

}  // namespace
}  // namespace berth::storage

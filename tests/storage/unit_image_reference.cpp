#include <gtest/gtest.h>

#include "storage/image_reference.h"
#include "util/error.h"

using berth::storage::parse_image_reference;

namespace {
const std::string kDigest =
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
}

TEST(ImageReference, BareNameImpliesDockerHubLibraryAndLatest) {
  auto ref = parse_image_reference("busybox");
  EXPECT_EQ(ref.registry, "docker.io");
  EXPECT_EQ(ref.repository, "library/busybox");
  EXPECT_EQ(ref.tag, "latest");
  EXPECT_EQ(ref.canonical(), "docker.io/library/busybox:latest");
  EXPECT_EQ(ref.familiar(), "busybox:latest");
}

TEST(ImageReference, NameWithTagAndUserNamespace) {
  auto ref = parse_image_reference("bitnami/redis:7.2-debian");
  EXPECT_EQ(ref.registry, "docker.io");
  EXPECT_EQ(ref.repository, "bitnami/redis");
  EXPECT_EQ(ref.tag, "7.2-debian");
  EXPECT_EQ(ref.familiar(), "bitnami/redis:7.2-debian");
}

TEST(ImageReference, DigestWithoutTagKeepsTagEmpty) {
  auto ref = parse_image_reference("postgres@" + kDigest);
  EXPECT_EQ(ref.repository, "library/postgres");
  EXPECT_EQ(ref.tag, "");
  EXPECT_EQ(ref.digest, kDigest);
  EXPECT_EQ(ref.canonical(), "docker.io/library/postgres@" + kDigest);
}

TEST(ImageReference, RegistryWithPortAndDeepPath) {
  auto ref = parse_image_reference("localhost:5000/team/app/api:v1@" + kDigest);
  EXPECT_EQ(ref.registry, "localhost:5000");
  EXPECT_EQ(ref.repository, "team/app/api");
  EXPECT_EQ(ref.tag, "v1");
  EXPECT_EQ(ref.digest, kDigest);
  EXPECT_EQ(ref.familiar(), "localhost:5000/team/app/api:v1@" + kDigest);
}

TEST(ImageReference, FirstComponentIsRegistryOnlyWhenHostLike) {
  EXPECT_EQ(parse_image_reference("ghcr.io/x/y").registry, "ghcr.io");
  EXPECT_EQ(parse_image_reference("localhost/y").registry, "localhost");
  auto ref = parse_image_reference("team/app");
  EXPECT_EQ(ref.registry, "docker.io");
  EXPECT_EQ(ref.repository, "team/app");
  EXPECT_EQ(parse_image_reference("index.docker.io/library/x").registry, "docker.io");
}

TEST(ImageReference, PortWithoutTagIsNotMistakenForTag) {
  auto ref = parse_image_reference("127.0.0.1:5000/app");
  EXPECT_EQ(ref.registry, "127.0.0.1:5000");
  EXPECT_EQ(ref.repository, "app");
  EXPECT_EQ(ref.tag, "latest");
}

TEST(ImageReference, RejectsMalformedReferences) {
  for (const char* bad : {"", "Busybox", "busybox:", "busybox:bad tag", "a//b", "app@sha256:abc",
                          ":tag", "busybox@md5:00", "-app"}) {
    EXPECT_THROW(parse_image_reference(bad), berth::Error) << bad;
  }
}

TEST(ImageReference, ErrorNamesTheReference) {
  try {
    parse_image_reference("Upper/case");
    FAIL();
  } catch (const berth::Error& e) {
    EXPECT_NE(std::string(e.what()).find("Upper/case"), std::string::npos);
  }
}

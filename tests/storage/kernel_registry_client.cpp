#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "fake_http_server.h"
#include "storage/content_store.h"
#include "storage/registry_client.h"
#include "storage/sha256.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;
using berth::testing::FakeHttpServer;
using berth::testing::FakeRequest;
using berth::testing::FakeResponse;

namespace {
std::string random_bytes(std::size_t size) {
  std::mt19937 generator(42);
  std::string bytes(size, '\0');
  for (auto& c : bytes) c = static_cast<char>(generator());
  return bytes;
}

class RegistryClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // mkdtemp: tests run in parallel (in sandboxes that may reuse pids) and share /tmp.
    std::string name = (fs::temp_directory_path() / "berth-registry-test-XXXXXX").string();
    if (!::mkdtemp(name.data())) throw std::runtime_error("mkdtemp failed");
    root_ = name;
  }
  void TearDown() override { fs::remove_all(root_); }

  ImageReference reference(const FakeHttpServer& server) {
    return parse_image_reference(server.address() + "/team/app:1");
  }

  fs::path root_;
};

TEST_F(RegistryClientTest, FollowsTheBearerChallengeAnonymously) {
  std::string manifest = R"({"schemaVersion":2})";
  std::string realm;
  FakeHttpServer server([&](const FakeRequest& request) -> FakeResponse {
    if (request.target.starts_with("/token?"))
      return {200, {"Content-Type: application/json"}, R"({"token":"t0k"})"};
    if (request.target == "/v2/team/app/manifests/1") {
      if (request.headers.contains("authorization") &&
          request.headers.at("authorization") == "Bearer t0k")
        return {200, {"Content-Type: application/vnd.oci.image.manifest.v1+json"}, manifest};
      return {401,
              {"WWW-Authenticate: Bearer realm=\"" + realm +
               "\",service=\"fake registry\",scope=\"repository:team/app:pull\""},
              "{}"};
    }
    return {404, {}, "{}"};
  });
  realm = "http://" + server.address() + "/token";
  RegistryClient client(reference(server), {});
  auto fetched = client.fetch_manifest("1");
  EXPECT_EQ(fetched.body, manifest);
  EXPECT_EQ(fetched.media_type, media_type::kOciManifest);
  int token_requests = 0;
  for (const auto& request : server.requests()) {
    if (!request.target.starts_with("/token?")) continue;
    ++token_requests;
    EXPECT_EQ(request.target,
              "/token?service=fake%20registry&scope=repository%3Ateam%2Fapp%3Apull");
  }
  EXPECT_EQ(token_requests, 1);
}

TEST_F(RegistryClientTest, ResumesAnInterruptedBlobDownloadWithARangeRequest) {
  auto blob = random_bytes(300000);
  Descriptor descriptor{media_type::kOciLayerGzip, sha256_digest(blob),
                        static_cast<std::int64_t>(blob.size())};
  int blob_requests = 0;
  FakeHttpServer server([&](const FakeRequest& request) -> FakeResponse {
    if (request.target != "/v2/team/app/blobs/" + descriptor.digest) return {404, {}, "{}"};
    if (++blob_requests == 1) return {200, {}, blob, 100000};  // hangs up a third of the way
    auto range = request.headers.at("range");
    auto from = std::stoul(range.substr(6));
    return {206, {"Content-Range: bytes " + std::to_string(from) + "-*/*"}, blob.substr(from)};
  });
  ContentStore content(root_);
  auto writer = content.writer();
  std::int64_t last_progress = 0;
  RegistryClient(reference(server), {}).fetch_blob(descriptor, writer, [&](std::int64_t done) {
    last_progress = done;
  });
  EXPECT_EQ(blob_requests, 2);
  EXPECT_EQ(server.requests().back().headers.at("range"), "bytes=100000-");
  EXPECT_EQ(last_progress, descriptor.size);
  EXPECT_EQ(writer.commit(descriptor).digest, descriptor.digest);
  EXPECT_TRUE(content.contains(descriptor.digest));
}

TEST_F(RegistryClientTest, RestartsCleanlyWhenTheServerIgnoresRange) {
  auto blob = random_bytes(200000);
  Descriptor descriptor{media_type::kOciLayer, sha256_digest(blob),
                        static_cast<std::int64_t>(blob.size())};
  int blob_requests = 0;
  FakeHttpServer server([&](const FakeRequest&) -> FakeResponse {
    if (++blob_requests == 1) return {200, {}, blob, 50000};
    return {200, {}, blob};
  });
  ContentStore content(root_);
  auto writer = content.writer();
  RegistryClient(reference(server), {}).fetch_blob(descriptor, writer, {});
  EXPECT_EQ(writer.commit(descriptor).digest, descriptor.digest);
}

TEST_F(RegistryClientTest, ABlobLargerThanItsDescriptorIsCutOff) {
  auto blob = random_bytes(5000);
  Descriptor descriptor{media_type::kOciLayer, sha256_digest(blob), 1000};
  FakeHttpServer server([&](const FakeRequest&) -> FakeResponse { return {200, {}, blob}; });
  ContentStore content(root_);
  auto writer = content.writer();
  RegistryClient client(reference(server), {});
  EXPECT_THROW(client.fetch_blob(descriptor, writer, {}), berth::Error);
}

TEST_F(RegistryClientTest, HttpErrorsNameTheObject) {
  FakeHttpServer server([&](const FakeRequest&) -> FakeResponse { return {404, {}, "{}"}; });
  RegistryClient client(reference(server), {});
  try {
    client.fetch_manifest("1");
    FAIL() << "a 404 manifest was returned";
  } catch (const berth::Error& e) {
    EXPECT_NE(std::string(e.what()).find("team/app:1"), std::string::npos) << e.what();
  }
}

TEST_F(RegistryClientTest, UsesDockerConfigCredentialsForBasicAndTokenAuth) {
  std::string realm;
  FakeHttpServer server([&](const FakeRequest& request) -> FakeResponse {
    auto authorization =
        request.headers.contains("authorization") ? request.headers.at("authorization") : "";
    if (request.target.starts_with("/token?"))
      return authorization == "Basic bWU6c2VjcmV0"
                 ? FakeResponse{200, {}, R"({"access_token":"private"})"}
                 : FakeResponse{401, {}, "{}"};
    if (request.target == "/v2/team/app/manifests/basic")
      return authorization == "Basic bWU6c2VjcmV0"
                 ? FakeResponse{200, {}, "basic"}
                 : FakeResponse{401, {"WWW-Authenticate: Basic realm=\"registry\""}, "{}"};
    return authorization == "Bearer private"
               ? FakeResponse{200, {}, "bearer"}
               : FakeResponse{401, {"WWW-Authenticate: Bearer realm=\"" + realm + "\""}, "{}"};
  });
  realm = "http://" + server.address() + "/token";
  fs::create_directories(root_ / "docker");
  std::ofstream(root_ / "docker" / "config.json")
      << R"({"auths":{")" << server.address() << R"(":{"auth":"bWU6c2VjcmV0"}}})";
  ::setenv("DOCKER_CONFIG", (root_ / "docker").c_str(), 1);
  EXPECT_EQ(RegistryClient(reference(server), {}).fetch_manifest("basic").body, "basic");
  EXPECT_EQ(RegistryClient(reference(server), {}).fetch_manifest("token").body, "bearer");

  ::setenv("DOCKER_CONFIG", (root_ / "empty").c_str(), 1);
  EXPECT_THROW(RegistryClient(reference(server), {}).fetch_manifest("basic"), berth::Error);
}

}  // namespace

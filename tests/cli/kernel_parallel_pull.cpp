// up pulls the images its services lack side by side, as compose does: two
// registries that each answer a manifest only once the other has been asked
// too serve up only when both pulls run at once (one after the other, the
// first would wait for a request that never comes and fail).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "compose_stack_fixture.h"
#include "storage/fake_http_server.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The test image as an OCI layout (berth save, unpacked), served read-only.
class ImageLayout {
 public:
  explicit ImageLayout(const fs::path& dir) : dir_(dir) {
    fs::create_directories(dir);
    auto archive = (dir / "image.tar").string();
    auto saved = berth({"save", "-o", archive, kBusyboxImage});
    if (saved.status != 0) throw std::runtime_error("berth save: " + saved.err);
    auto unpacked = run_command({"tar", "-xf", archive, "-C", dir.string()});
    if (unpacked.status != 0) throw std::runtime_error("tar: " + unpacked.err);
    auto index = nlohmann::json::parse(read_file(dir / "index.json"));
    manifest_type_ = index["manifests"][0]["mediaType"];
    manifest_digest_ = index["manifests"][0]["digest"];
  }

  FakeResponse answer(const FakeRequest& request) const {
    const auto& target = request.target;
    if (target == "/v2/") return {200, {}, "{}"};
    if (target.find("/manifests/") != std::string::npos)
      return {200,
              {"Content-Type: " + manifest_type_, "Docker-Content-Digest: " + manifest_digest_},
              blob(manifest_digest_)};
    auto at = target.find("/blobs/sha256:");
    if (at != std::string::npos) return {200, {}, blob(target.substr(at + 7))};
    return {404, {}, "{}"};
  }

 private:
  std::string blob(const std::string& digest) const {
    return read_file(dir_ / "blobs" / "sha256" / digest.substr(7));
  }

  fs::path dir_;
  std::string manifest_type_, manifest_digest_;
};

// A registry's answers: each request is noted in `asked`, and the manifest is
// held until `other` (the other registry's note) says it was asked something too.
FakeHttpServer::Handler waiting_registry(const ImageLayout& layout, std::atomic<bool>& asked,
                                         const std::atomic<bool>& other) {
  return [&layout, &asked, &other](const FakeRequest& request) {
    asked = true;
    if (request.target.find("/manifests/") != std::string::npos) {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (!other && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      if (!other) return FakeResponse{404, {}, "{\"errors\": []}"};
    }
    return layout.answer(request);
  };
}

// Services a and b, each with its image on one of the two waiting registries.
class ParallelPull : public ComposeStackTest {
 protected:
  void SetUp() override {
    import_busybox_image();
    layout_.emplace(fs::path(std::getenv("BERTH_SANDBOX")) / "layout");
    first_.emplace(waiting_registry(*layout_, first_asked_, second_asked_));
    second_.emplace(waiting_registry(*layout_, second_asked_, first_asked_));
    std::string stack = "name: pulls\nservices:\n";
    for (auto [service, registry] : {std::pair{"a", &*first_}, {"b", &*second_}})
      stack += std::string("  ") + service + ":\n    image: " + image(*registry, service) +
               "\n    init: true\n    command: [\"sleep\", \"600\"]\n";
    write_stack("pulls", stack);
  }
  void TearDown() override { compose({"down", "-t", "0"}); }

  static std::string image(const FakeHttpServer& registry, const std::string& service) {
    return registry.address() + "/team/" + service + ":1";
  }

  std::optional<ImageLayout> layout_;
  std::atomic<bool> first_asked_ = false, second_asked_ = false;
  std::optional<FakeHttpServer> first_, second_;
};

TEST_F(ParallelPull, UpPullsItsMissingImagesSideBySide) {
  auto up = compose({"up", "-d", "--progress", "plain"});
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_EQ(exec("a", "echo pulled"), "pulled\n");
  EXPECT_EQ(exec("b", "echo pulled"), "pulled\n");
}

TEST_F(ParallelPull, ThePullVerbPullsSideBySideToo) {
  auto pulled = compose({"pull"});
  ASSERT_EQ(pulled.status, 0) << pulled.err;
  EXPECT_NE(pulled.out.find("Pulling a (" + image(*first_, "a") + ")"), std::string::npos)
      << pulled.out;
  EXPECT_EQ(berth({"image", "inspect", image(*second_, "b")}).status, 0);
}

}  // namespace
}  // namespace berth::testing

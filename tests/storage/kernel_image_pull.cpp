#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>

#include "local_registry.h"
#include "oci_layout_builder.h"
#include "storage/image_puller.h"
#include "storage/pull_policy.h"
#include "storage_fixture.h"
#include "support/run_command.h"
#include "tar_builder.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;
using berth::testing::LocalRegistry;
using berth::testing::OciLayoutBuilder;
using berth::testing::run_command;
using berth::testing::TarBuilder;

namespace {
class ImagePullTest : public berth::testing::StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    if (IsSkipped()) return;
    if (!fs::exists(LocalRegistry::kBinary) || !fs::exists("/usr/bin/skopeo"))
      GTEST_SKIP() << "needs Debian's docker-registry and skopeo";
    ::setenv("DOCKER_CONFIG", (scratch_ / "docker-config").c_str(), 1);
    registry_ = std::make_unique<LocalRegistry>(scratch_ / "registry");
  }
  void TearDown() override {
    registry_.reset();
    StorageFixture::TearDown();
  }

  // One layer holding one file; returns (blob, uncompressed tar).
  std::pair<fs::path, fs::path> layer(const std::string& name, const std::string& file,
                                      const std::string& content,
                                      TarBuilder::Compression compression) {
    auto tar = scratch_ / (name + ".tar");
    TarBuilder(tar).file(file, content);
    if (compression == TarBuilder::Compression::none) return {tar, tar};
    auto blob = scratch_ / (name + ".blob");
    TarBuilder(blob, compression).file(file, content);
    return {blob, tar};
  }

  void push(const fs::path& layout, const std::string& tag, const std::string& target,
            const LocalRegistry* registry = nullptr) {
    auto pushed = run_command(
        {"skopeo", "--insecure-policy", "copy", "--all", "--quiet", "--preserve-digests",
         "--dest-tls-verify=false", "oci:" + layout.string() + ":" + tag,
         "docker://" + (registry ? registry : registry_.get())->address() + "/" + target});
    ASSERT_EQ(pushed.status, 0) << pushed.err;
  }

  // Pushes a three-layer image (plain, gzip, zstd) as <registry>/multi:1.
  Descriptor push_multi_layer(const LocalRegistry* registry = nullptr) {
    OciLayoutBuilder layout(scratch_ / "layout");
    auto manifest =
        layout.image({layer("plain", "plain.txt", "plain layer\n", TarBuilder::Compression::none),
                      layer("gzip", "gzip.txt", "gzip layer\n", TarBuilder::Compression::gzip),
                      layer("zstd", "zstd.txt", "zstd layer\n", TarBuilder::Compression::zstd)},
                     "amd64", {"cat", "/plain.txt"});
    layout.tag(manifest, "1");
    push(scratch_ / "layout", "1", "multi:1", registry);
    return manifest;
  }

  struct Platforms {
    Descriptor amd64, arm64;
  };
  // Pushes <registry>/multiarch:1, an index of two one-layer images whose file
  // "arch" names their platform.
  Platforms push_multiarch() {
    OciLayoutBuilder layout(scratch_ / "layout");
    auto amd64 = layout.image({layer("amd64", "arch", "amd64\n", TarBuilder::Compression::gzip)},
                              "amd64", {"true"});
    auto arm64 = layout.image({layer("arm64", "arch", "arm64\n", TarBuilder::Compression::gzip)},
                              "arm64", {"true"});
    layout.tag(layout.index({{arm64, "arm64"}, {amd64, "amd64"}}), "1");
    push(scratch_ / "layout", "1", "multiarch:1");
    return {amd64, arm64};
  }

  std::set<std::string> stored() const {
    std::set<std::string> paths;
    auto root = images_->state_root();
    for (const char* dir : {"blobs", "layers", "l"})
      for (const auto& entry : fs::recursive_directory_iterator(root / dir))
        paths.insert(entry.path().lexically_relative(root).string());
    return paths;
  }

  std::unique_ptr<LocalRegistry> registry_;
};

TEST_F(ImagePullTest, PullsMultiLayerImageWithGzipAndZstdLayersThroughTheCli) {
  auto manifest = push_multi_layer();
  auto reference = registry_->address() + "/multi:1";
  auto pulled = run_command({BERTH_BINARY, "pull", reference});
  ASSERT_EQ(pulled.status, 0) << pulled.err;
  EXPECT_NE(pulled.out.find("Download complete"), std::string::npos) << pulled.out;
  EXPECT_NE(pulled.out.find("Digest: " + manifest.digest), std::string::npos) << pulled.out;

  auto image = images_->get(reference);
  EXPECT_EQ(image.manifest.digest, manifest.digest);
  EXPECT_EQ(image.config.defaults.cmd, (std::vector<std::string>{"cat", "/plain.txt"}));
  ASSERT_EQ(image.layers.size(), 3u);
  EXPECT_EQ(image.layers[1].blob.media_type, media_type::kOciLayerGzip);
  EXPECT_EQ(image.layers[2].blob.media_type, media_type::kOciLayerZstd);
  auto dirs = images_->layer_dirs(image);
  EXPECT_EQ(OciLayoutBuilder::read(dirs[0] / "plain.txt"), "plain layer\n");
  EXPECT_EQ(OciLayoutBuilder::read(dirs[1] / "gzip.txt"), "gzip layer\n");
  EXPECT_EQ(OciLayoutBuilder::read(dirs[2] / "zstd.txt"), "zstd layer\n");

  // By digest too, and nothing is downloaded again.
  std::vector<PullProgress> events;
  PullOptions options;
  options.progress = [&](const PullProgress& p) { events.push_back(p); };
  auto again = pull_image(
      *images_, parse_image_reference(registry_->address() + "/multi@" + manifest.digest), options);
  EXPECT_EQ(again.id, image.id);
  int existing = 0;
  for (const auto& event : events) {
    EXPECT_NE(event.state, PullProgress::State::downloading);
    existing += event.state == PullProgress::State::already_exists;
  }
  EXPECT_EQ(existing, 3);
}

TEST_F(ImagePullTest, InsecureRegistriesOfBerthsConfigMayUsePlainHttp) {
  // Only a registry not named by a loopback address needs the setting.
  ASSERT_EQ(run_command({"ip", "addr", "add", "10.250.0.1/32", "dev", "lo"}).status, 0);
  LocalRegistry lan_registry(scratch_ / "lan-registry", "10.250.0.1");
  push_multi_layer(&lan_registry);
  auto reference = lan_registry.address() + "/multi:1";
  auto config = scratch_ / "berth-config.json";
  ::setenv("BERTH_CONFIG", config.c_str(), 1);

  auto refused = run_command({BERTH_BINARY, "pull", reference});
  EXPECT_NE(refused.status, 0) << refused.out;
  std::ofstream(config) << "{\"insecure-registries\": [\"" << lan_registry.address() << "\"]}\n";
  auto pulled = run_command({BERTH_BINARY, "pull", reference});
  EXPECT_EQ(pulled.status, 0) << pulled.err;

  // `up` pulls through the same setting.
  auto stack = scratch_ / "stack" / "compose.yaml";
  fs::create_directories(stack.parent_path());
  std::ofstream(stack) << "services:\n  app: {image: \"" << reference
                       << "\", pull_policy: always}\n";
  auto created = run_command({BERTH_BINARY, "-f", stack.string(), "create"});
  EXPECT_EQ(created.status, 0) << created.err;
  std::ofstream(config) << "{}\n";
  auto refused_again = run_command({BERTH_BINARY, "-f", stack.string(), "create"});
  EXPECT_NE(refused_again.status, 0);
}

TEST_F(ImagePullTest, ComposePullTakesServicesTheirDependenciesOrImages) {
  push_multi_layer();
  push(scratch_ / "layout", "1", "other:1");
  push(scratch_ / "layout", "1", "third:1");
  auto registry = registry_->address();
  auto stack = scratch_ / "stack" / "compose.yaml";
  fs::create_directories(stack.parent_path());
  std::ofstream(stack) << "services:\n"
                       << "  app: {image: " << registry << "/multi:1, depends_on: [db]}\n"
                       << "  db: {image: " << registry << "/other:1}\n";
  auto pull = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {BERTH_BINARY, "-f", stack.string(), "pull"});
    return run_command(args);
  };

  auto app_only = pull({"app"});
  ASSERT_EQ(app_only.status, 0) << app_only.err;
  EXPECT_NE(app_only.out.find("Pulling app (" + registry + "/multi:1)"), std::string::npos);
  EXPECT_TRUE(images_->find(registry + "/multi:1"));
  EXPECT_FALSE(images_->find(registry + "/other:1"));
  ASSERT_EQ(pull({"--include-deps", "app"}).status, 0);
  EXPECT_TRUE(images_->find(registry + "/other:1"));

  // A name that is no service is an image reference.
  ASSERT_EQ(pull({registry + "/third:1"}).status, 0);
  EXPECT_TRUE(images_->find(registry + "/third:1"));
  auto missing = pull({registry + "/absent:1"});
  EXPECT_NE(missing.status, 0);
  EXPECT_EQ(pull({"--ignore-pull-failures", registry + "/absent:1"}).status, 0);

  // No names: every service's image, as compose pulls them.
  auto all = pull({});
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_NE(all.out.find("Pulling app"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("Pulling db"), std::string::npos) << all.out;
}

TEST_F(ImagePullTest, PicksThePlatformFromAnIndex) {
  auto [amd64, arm64] = push_multiarch();

  auto reference = parse_image_reference(registry_->address() + "/multiarch:1");
  PullOptions options;
  options.platform = parse_platform("linux/amd64");
  auto image = pull_image(*images_, reference, options);
  EXPECT_EQ(image.manifest.digest, amd64.digest);
  EXPECT_EQ(OciLayoutBuilder::read(images_->layer_dirs(image)[0] / "arch"), "amd64\n");

  options.platform = parse_platform("linux/arm64");
  auto other = pull_image(*images_, reference, options);
  EXPECT_EQ(other.manifest.digest, arm64.digest);
  EXPECT_EQ(images_->get(registry_->address() + "/multiarch:1").id, other.id);

  options.platform = parse_platform("linux/s390x");
  try {
    pull_image(*images_, reference, options);
    FAIL() << "pulled a platform the index does not offer";
  } catch (const berth::Error& e) {
    EXPECT_NE(std::string(e.what()).find("offered: linux/arm64, linux/amd64"), std::string::npos)
        << e.what();
  }
}

// `up` pulls what a service's `platform:` names, and shows the layers it
// downloads as lines of its own view.
TEST_F(ImagePullTest, UpPullsTheServicesPlatformAndShowsEachLayer) {
  auto arm64 = push_multiarch().arm64;
  auto image = registry_->address() + "/multiarch:1";
  auto stack = scratch_ / "stack" / "compose.yaml";
  fs::create_directories(stack.parent_path());
  std::ofstream(stack) << "name: pulled\nservices:\n  app: {image: " << image
                       << ", platform: linux/arm64}\n";
  auto berth = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {BERTH_BINARY, "-f", stack.string()});
    return run_command(args);
  };

  auto up = berth({"up", "--no-start", "--progress", "plain"});
  EXPECT_EQ(up.status, 0) << up.err;
  EXPECT_EQ(images_->get(image).manifest.digest, arm64.digest);
  EXPECT_NE(up.err.find("Image " + image + "  Pulled"), std::string::npos) << up.err;
  // The image's one layer: waiting, then downloaded (the config blob shows too).
  std::smatch waiting;
  ASSERT_TRUE(std::regex_search(up.err, waiting, std::regex("Layer ([0-9a-f]{12})  Waiting")))
      << up.err;
  EXPECT_NE(up.err.find("Layer " + waiting[1].str() + "  Download complete"), std::string::npos)
      << up.err;
  EXPECT_EQ(berth({"down"}).status, 0);
}

TEST_F(ImagePullTest, CorruptedBlobFailsWithDigestErrorAndLeavesNothing) {
  auto manifest = push_multi_layer();
  auto layers = nlohmann::json::parse(OciLayoutBuilder::read(
      scratch_ / "layout" / "blobs" / "sha256" / manifest.digest.substr(7)))["layers"];
  auto data = registry_->blob_data(layers[0]["digest"].get<std::string>());
  auto bytes = OciLayoutBuilder::read(data);
  auto at = bytes.find("plain layer");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 5, "PLAIN");
  std::ofstream(data, std::ios::binary) << bytes;

  auto before = stored();
  auto pulled = run_command({BERTH_BINARY, "pull", registry_->address() + "/multi:1"});
  EXPECT_EQ(pulled.status, 1);
  EXPECT_NE(pulled.err.find("digest mismatch"), std::string::npos) << pulled.err;
  EXPECT_TRUE(images_->list().empty());
  EXPECT_EQ(stored(), before);
}

TEST_F(ImagePullTest, MissingTagIsReportedWithTheReference) {
  auto pulled = run_command({BERTH_BINARY, "pull", registry_->address() + "/absent:1"});
  EXPECT_EQ(pulled.status, 1);
  EXPECT_NE(pulled.err.find("absent"), std::string::npos) << pulled.err;
  EXPECT_TRUE(images_->list().empty());
}

TEST_F(ImagePullTest, PullPolicyDecidesWhetherToAskTheRegistry) {
  auto manifest = push_multi_layer();
  auto name = registry_->address() + "/multi:1";
  EXPECT_THROW(provide_image(*images_, name, PullPolicy::never), berth::Error);
  auto pulled = provide_image(*images_, name, parse_pull_policy("missing"));
  EXPECT_EQ(pulled.manifest.digest, manifest.digest);

  // Present: `missing` and `never` use the store, `always` asks the registry.
  registry_.reset();
  EXPECT_EQ(provide_image(*images_, name, PullPolicy::missing).id, pulled.id);
  EXPECT_EQ(provide_image(*images_, name, PullPolicy::never).id, pulled.id);
  EXPECT_THROW(provide_image(*images_, name, PullPolicy::always), berth::Error);
  EXPECT_THROW(parse_pull_policy("build"), berth::Error);
}

}  // namespace

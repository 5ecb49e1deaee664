#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "oci_layout_builder.h"
#include "storage/image_loader.h"
#include "storage/image_saver.h"
#include "storage/sha256.h"
#include "storage_fixture.h"
#include "support/file_text.h"
#include "support/run_command.h"
#include "tar_builder.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;
using berth::testing::OciLayoutBuilder;
using berth::testing::run_command;
using berth::testing::TarBuilder;

namespace {

using berth::testing::read_file;
void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

class ImageArchiveTest : public berth::testing::StorageFixture {
 protected:
  // Every file and dir under the state root's blob and layer stores.
  std::set<std::string> stored() const {
    std::set<std::string> paths;
    auto root = images_->state_root();
    for (const char* dir : {"blobs", "layers", "l"})
      for (const auto& entry : fs::recursive_directory_iterator(root / dir))
        paths.insert(entry.path().lexically_relative(root).string());
    return paths;
  }

  Image import_motd(const std::string& name, const std::string& motd) {
    auto rootfs = busybox_rootfs();
    write_file(rootfs / "etc" / "motd", motd);
    return images_->import_rootfs(rootfs, {parse_image_reference(name)}, {"CMD [\"sh\"]"});
  }

  // A docker-archive laid out as `docker save` (before docker 25) writes it:
  // <id>/layer.tar per layer (a repeated layer as a symlink), <config hex>.json,
  // manifest.json and repositories. The second layer is zstd-compressed.
  fs::path docker_archive(const std::string& diff_id_override = {}) {
    auto layer1 = scratch_ / "l1.tar";
    auto layer2 = scratch_ / "l2.tar";
    auto layer2_zst = scratch_ / "l2.tar.zst";
    TarBuilder(layer1).dir("etc").file("etc/motd", "from docker\n");
    TarBuilder(layer2).dir("srv").file("srv/data", "second layer\n");
    TarBuilder(layer2_zst, TarBuilder::Compression::zstd)
        .dir("srv")
        .file("srv/data", "second layer\n");
    nlohmann::json config = {
        {"architecture", "amd64"},
        {"os", "linux"},
        {"config", {{"Cmd", {"cat", "/etc/motd"}}}},
        {"rootfs",
         {{"type", "layers"},
          {"diff_ids",
           {sha256_of_file(layer1),
            diff_id_override.empty() ? sha256_of_file(layer2) : diff_id_override,
            sha256_of_file(layer1)}}}}};
    std::string config_text = config.dump();
    std::string config_name = digest_hex(sha256_digest(config_text)) + ".json";
    nlohmann::json manifest = nlohmann::json::array(
        {{{"Config", config_name},
          {"RepoTags", {"localhost/docker:1"}},
          {"Layers", {"aaaa/layer.tar", "bbbb/layer.tar", "cccc/layer.tar"}}}});
    auto archive = scratch_ / "docker.tar";
    TarBuilder tar(archive);
    tar.dir("aaaa")
        .file("aaaa/VERSION", "1.0")
        .file("aaaa/json", "{}")
        .file("aaaa/layer.tar", read_file(layer1))
        .dir("bbbb")
        .file("bbbb/layer.tar", read_file(layer2_zst))
        .dir("cccc")
        .symlink("cccc/layer.tar", "../aaaa/layer.tar")
        .file(config_name, config_text)
        .file("manifest.json", manifest.dump())
        .file("repositories", R"({"localhost/docker":{"1":"aaaa"}})");
    return archive;
  }
};

TEST_F(ImageArchiveTest, SaveThenLoadRoundTripsThroughTheCli) {
  auto image = import_motd("localhost/round:1", "round trip\n");
  auto archive = scratch_ / "saved.tar";
  auto saved = run_command({BERTH_BINARY, "save", "-o", archive.string(), "localhost/round:1"});
  ASSERT_EQ(saved.status, 0) << saved.err;
  ASSERT_EQ(images_->remove(image.id, true).size(), 1u);
  EXPECT_TRUE(images_->list().empty());

  auto loaded = run_command({BERTH_BINARY, "load", "-i", archive.string()});
  ASSERT_EQ(loaded.status, 0) << loaded.err;
  EXPECT_EQ(loaded.out, "Loaded image: localhost/round:1\n");
  auto again = images_->get("localhost/round:1");
  EXPECT_EQ(again.id, image.id);
  EXPECT_EQ(again.manifest.digest, image.manifest.digest);
  EXPECT_EQ(again.config.defaults.cmd, (std::vector<std::string>{"sh"}));
  auto dirs = images_->layer_dirs(again);
  ASSERT_EQ(dirs.size(), 1u);
  EXPECT_EQ(read_file(dirs[0] / "etc" / "motd"), "round trip\n");
}

TEST_F(ImageArchiveTest, SavedArchiveIsAnOciLayoutWithDockerManifest) {
  auto image = import_motd("localhost/layout:2", "layout\n");
  auto archive = scratch_ / "saved.tar";
  save_images(*images_, {"localhost/layout:2"}, archive);
  auto layout = scratch_ / "layout";
  fs::create_directories(layout);
  ASSERT_EQ(run_command({"tar", "-xf", archive.string(), "-C", layout.string()}).status, 0);
  EXPECT_EQ(nlohmann::json::parse(read_file(layout / "oci-layout"))["imageLayoutVersion"], "1.0.0");
  auto index = nlohmann::json::parse(read_file(layout / "index.json"));
  ASSERT_EQ(index["manifests"].size(), 1u);
  EXPECT_EQ(index["manifests"][0]["digest"], image.manifest.digest);
  EXPECT_EQ(index["manifests"][0]["annotations"]["io.containerd.image.name"], "localhost/layout:2");
  EXPECT_EQ(index["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"], "2");
  auto docker = nlohmann::json::parse(read_file(layout / "manifest.json"));
  EXPECT_EQ(docker[0]["RepoTags"], nlohmann::json::array({"localhost/layout:2"}));
  EXPECT_EQ(docker[0]["Config"], "blobs/sha256/" + digest_hex(image.id));
  for (const auto& layer : image.layers)
    EXPECT_EQ(sha256_of_file(layout / "blobs" / "sha256" / digest_hex(layer.blob.digest)),
              layer.blob.digest);

  // The unpacked layout directory loads as well.
  images_->remove(image.id, true);
  auto loaded = load_images(*images_, layout);
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].names, (std::vector<std::string>{"localhost/layout:2"}));
}

TEST_F(ImageArchiveTest, TamperedBlobIsRejectedAndLeavesNothing) {
  auto image = import_motd("localhost/tamper:1", "original-motd-content\n");
  auto archive = scratch_ / "saved.tar";
  save_images(*images_, {"localhost/tamper:1"}, archive);
  images_->remove(image.id, true);
  auto before = stored();

  auto bytes = read_file(archive);
  auto at = bytes.find("original-motd-content");
  ASSERT_NE(at, std::string::npos) << "the layer is stored uncompressed";
  bytes.replace(at, 8, "TAMPERED");
  write_file(archive, bytes);

  try {
    load_images(*images_, archive);
    FAIL() << "a tampered layer blob loaded";
  } catch (const berth::Error& e) {
    EXPECT_NE(std::string(e.what()).find("digest mismatch"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(images_->list().empty());
  EXPECT_EQ(stored(), before);
}

TEST_F(ImageArchiveTest, LoadsDockerSaveArchiveWithZstdLayerAndSymlinkedDuplicate) {
  auto loaded = run_command({BERTH_BINARY, "load", "-i", docker_archive().string()});
  ASSERT_EQ(loaded.status, 0) << loaded.err;
  EXPECT_EQ(loaded.out, "Loaded image: localhost/docker:1\n");
  auto image = images_->get("localhost/docker:1");
  ASSERT_EQ(image.layers.size(), 3u);
  EXPECT_EQ(image.layers[1].blob.media_type, media_type::kOciLayerZstd);
  EXPECT_EQ(image.layers[0].blob.digest, image.layers[2].blob.digest);
  EXPECT_EQ(image.config.defaults.cmd, (std::vector<std::string>{"cat", "/etc/motd"}));
  auto dirs = images_->layer_dirs(image);
  EXPECT_EQ(read_file(dirs[0] / "etc" / "motd"), "from docker\n");
  EXPECT_EQ(read_file(dirs[1] / "srv" / "data"), "second layer\n");
}

TEST_F(ImageArchiveTest, DockerArchiveWithWrongDiffIdLeavesNothing) {
  auto before = stored();
  auto archive = docker_archive(sha256_digest("not this layer"));
  auto loaded = run_command({BERTH_BINARY, "load", "-i", archive.string()});
  EXPECT_EQ(loaded.status, 1);
  EXPECT_NE(loaded.err.find("diff_id mismatch"), std::string::npos) << loaded.err;
  EXPECT_TRUE(images_->list().empty());
  EXPECT_EQ(stored(), before);
}

TEST_F(ImageArchiveTest, SkopeoReadsWhatBerthSavesAndBerthLoadsWhatSkopeoWrites) {
  if (!fs::exists("/usr/bin/skopeo")) GTEST_SKIP() << "needs Debian's skopeo";
  auto image = import_motd("localhost/interop:1", "interop\n");
  auto archive = scratch_ / "saved.tar";
  save_images(*images_, {"localhost/interop:1"}, archive);
  images_->remove(image.id, true);

  auto docker_out = scratch_ / "skopeo-docker.tar";
  auto oci_out = scratch_ / "skopeo-oci.tar";
  for (const auto& dest : {"docker-archive:" + docker_out.string() + ":localhost/viadocker:1",
                           "oci-archive:" + oci_out.string() + ":localhost/viaoci:1"}) {
    auto copied = run_command(
        {"skopeo", "--insecure-policy", "copy", "oci-archive:" + archive.string(), dest});
    ASSERT_EQ(copied.status, 0) << copied.err;
  }
  auto from_docker = load_images(*images_, docker_out);
  ASSERT_EQ(from_docker.size(), 1u);
  EXPECT_EQ(from_docker[0].names, (std::vector<std::string>{"localhost/viadocker:1"}));
  auto from_oci = load_images(*images_, oci_out);
  ASSERT_EQ(from_oci.size(), 1u);
  EXPECT_EQ(from_oci[0].id, image.id);
  EXPECT_EQ(images_->get("localhost/viaoci:1").id, image.id);
  EXPECT_EQ(read_file(images_->layer_dirs(from_oci[0])[0] / "etc" / "motd"), "interop\n");
}

TEST_F(ImageArchiveTest, LoadsAGzippedArchive) {
  auto image = import_motd("localhost/zipped:1", "zipped\n");
  auto archive = scratch_ / "saved.tar";
  save_images(*images_, {"localhost/zipped:1"}, archive);
  images_->remove(image.id, true);
  ASSERT_EQ(run_command({"gzip", archive.string()}).status, 0);
  auto loaded = load_images(*images_, scratch_ / "saved.tar.gz");
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].id, image.id);
}

TEST_F(ImageArchiveTest, PicksThePlatformFromANestedIndexAndKeepsNothingElse) {
  OciLayoutBuilder layout(scratch_ / "layout");
  auto tar = [&](const std::string& name, const std::string& content) {
    auto path = scratch_ / (name + ".tar");
    TarBuilder(path).file("arch", content);
    return std::pair{path, path};
  };
  auto amd64 = layout.image({tar("amd64", "amd64\n")}, "amd64", {"true"});
  auto arm64 = layout.image({tar("arm64", "arm64\n")}, "arm64", {"true"});
  layout.tag(layout.index({{arm64, "arm64"}, {amd64, "amd64"}}), "1");
  auto before = stored();

  auto loaded = load_images(*images_, scratch_ / "layout", parse_platform("linux/amd64"));
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].manifest.digest, amd64.digest);
  EXPECT_TRUE(loaded[0].names.empty()) << "a bare tag names no repository";
  EXPECT_EQ(read_file(images_->layer_dirs(loaded[0])[0] / "arch"), "amd64\n");
  // Of the other platform and the index, nothing stays in the store.
  auto blobs_of = [](const std::set<std::string>& paths) {
    std::set<std::string> blobs;
    for (const auto& path : paths)
      if (path.starts_with("blobs/sha256/")) blobs.insert(path);
    return blobs;
  };
  auto expected = blobs_of(before);
  for (const auto& digest :
       {loaded[0].manifest.digest, loaded[0].id, loaded[0].layers[0].blob.digest})
    expected.insert("blobs/sha256/" + digest_hex(digest));
  EXPECT_EQ(blobs_of(stored()), expected);
}

}  // namespace

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/image_store.h"
#include "storage_fixture.h"
#include "tar_builder.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;
using berth::testing::TarBuilder;

namespace {
class ImageStoreTest : public berth::testing::StorageFixture {};

ImageReference ref(const char* text) { return parse_image_reference(text); }

TEST_F(ImageStoreTest, ImportDirectoryMakesOneLayerImageWithChanges) {
  auto image =
      images_->import_rootfs(busybox_rootfs(), {ref("localhost/busybox:test")},
                             {"CMD [\"sh\"]", "ENV GREETING=hi", "WORKDIR /tmp", "USER 1000",
                              "EXPOSE 8080", "ENTRYPOINT [\"/bin/busybox\"]"});
  EXPECT_EQ(image.names, (std::vector<std::string>{"localhost/busybox:test"}));
  ASSERT_EQ(image.layers.size(), 1u);
  EXPECT_EQ(image.layers[0].blob.digest, image.layers[0].diff_id);
  EXPECT_EQ(image.config.defaults.cmd, (std::vector<std::string>{"sh"}));
  EXPECT_EQ(image.config.defaults.entrypoint, (std::vector<std::string>{"/bin/busybox"}));
  EXPECT_EQ(image.config.defaults.working_dir, "/tmp");
  EXPECT_EQ(image.config.defaults.user, "1000");
  EXPECT_EQ(image.config.defaults.exposed_ports, (std::vector<std::string>{"8080/tcp"}));
  EXPECT_EQ(image.config.defaults.env.back(), "GREETING=hi");
  auto dirs = images_->layer_dirs(image);
  ASSERT_EQ(dirs.size(), 1u);
  EXPECT_EQ(fs::file_size(dirs[0] / "bin" / "busybox"), fs::file_size("/bin/busybox"));
  EXPECT_EQ(fs::read_symlink(dirs[0] / "bin" / "sh"), "busybox");
  EXPECT_TRUE(fs::is_directory(dirs[0] / "tmp"));
}

TEST_F(ImageStoreTest, FindsByNameIdPrefixAndDigest) {
  auto image = images_->import_rootfs(busybox_rootfs(), {ref("localhost/busybox:test")}, {});
  EXPECT_EQ(images_->get("localhost/busybox:test").id, image.id);
  EXPECT_EQ(images_->get(image.id).id, image.id);
  EXPECT_EQ(images_->get(image.short_id()).id, image.id);
  EXPECT_EQ(images_->get("localhost/busybox@" + image.manifest.digest).id, image.id);
  EXPECT_FALSE(images_->find("localhost/busybox:other"));
  EXPECT_THROW(images_->get("localhost/missing"), berth::Error);
  EXPECT_EQ(images_->list().size(), 1u);
}

TEST_F(ImageStoreTest, ImportsCompressedTarAndKeepsItsMediaType) {
  {
    TarBuilder tar(scratch_ / "layer.tar.gz", TarBuilder::Compression::gzip);
    tar.dir("etc").file("etc/motd", "hello\n");
  }
  auto image = images_->import_rootfs(scratch_ / "layer.tar.gz", {ref("localhost/gz:1")}, {});
  ASSERT_EQ(image.layers.size(), 1u);
  EXPECT_EQ(image.layers[0].blob.media_type, media_type::kOciLayerGzip);
  EXPECT_NE(image.layers[0].blob.digest, image.layers[0].diff_id);
  EXPECT_TRUE(fs::exists(images_->layer_dirs(image)[0] / "etc" / "motd"));
}

TEST_F(ImageStoreTest, SharedLayerIsFreedOnlyWithItsLastImage) {
  auto rootfs = busybox_rootfs();
  auto first = images_->import_rootfs(rootfs, {ref("localhost/a:1")}, {"CMD [\"sh\"]"});
  auto second = images_->import_rootfs(rootfs, {ref("localhost/b:1")}, {"CMD [\"ls\"]"});
  ASSERT_NE(first.id, second.id);
  ASSERT_EQ(first.layers[0].diff_id, second.layers[0].diff_id);
  auto layer_dir = images_->layer_dirs(first)[0];
  auto blob = images_->content().path_of(first.layers[0].blob.digest);

  EXPECT_EQ(images_->remove("localhost/a:1", false), (std::vector<std::string>{first.id}));
  EXPECT_TRUE(fs::exists(layer_dir));
  EXPECT_TRUE(fs::exists(blob));
  EXPECT_FALSE(images_->content().contains(first.id));

  images_->remove("localhost/b:1", false);
  EXPECT_FALSE(fs::exists(layer_dir));
  EXPECT_FALSE(fs::exists(blob));
  EXPECT_TRUE(images_->list().empty());
}

TEST_F(ImageStoreTest, TagAddsNameAndRemovingOneNameKeepsImage) {
  auto image = images_->import_rootfs(busybox_rootfs(), {ref("localhost/a:1")}, {});
  images_->tag("localhost/a:1", ref("localhost/a:2"));
  EXPECT_EQ(images_->get("localhost/a:2").names.size(), 2u);
  EXPECT_THROW(images_->remove(image.id, false), berth::Error);
  EXPECT_TRUE(images_->remove("localhost/a:1", false).empty());
  EXPECT_EQ(images_->get(image.id).names, (std::vector<std::string>{"localhost/a:2"}));
}

TEST_F(ImageStoreTest, TamperedLayerBlobIsRejectedAndNothingRecorded) {
  {
    TarBuilder tar(scratch_ / "layer.tar");
    tar.file("f", "content");
  }
  Descriptor layer = images_->content().put_file(scratch_ / "layer.tar");
  layer.media_type = media_type::kOciLayer;
  ImageConfig config;
  config.diff_ids = {layer.digest};
  Manifest manifest{media_type::kOciManifest,
                    images_->content().put(serialize_image_config(config), media_type::kOciConfig),
                    {layer}};
  auto manifest_blob =
      images_->content().put(serialize_manifest(manifest), media_type::kOciManifest);
  fs::permissions(images_->content().path_of(layer.digest), fs::perms::owner_write,
                  fs::perm_options::add);
  {
    TarBuilder tar(images_->content().path_of(layer.digest));
    tar.file("f", "CONTENT");
  }
  EXPECT_THROW(images_->add(manifest_blob, {ref("localhost/bad:1")}), berth::Error);
  EXPECT_TRUE(images_->list().empty());
  EXPECT_FALSE(images_->layers().contains(layer.digest));
}

}  // namespace

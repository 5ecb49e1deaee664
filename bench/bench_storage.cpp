// Costs of storage's hot paths against a baseline from the same run: unpacking
// a large layer (verified, both digests) against `tar -x` of the same file,
// loading an image archive, and mounting a 20-layer overlay root. Run inside
// the sandbox (scripts/bench).
#include <archive.h>
#include <archive_entry.h>
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include "state/state_store.h"
#include "storage/image_loader.h"
#include "storage/image_saver.h"
#include "storage/image_store.h"
#include "storage/layer_unpacker.h"
#include "storage/overlay_rootfs.h"
#include "util/locations.h"

namespace {

using namespace berth;
namespace fs = std::filesystem;

constexpr int kFiles = 256;
constexpr std::size_t kFileSize = 256 * 1024;  // 64 MiB of file data

fs::path scratch() {
  const char* sandbox = std::getenv("BERTH_SANDBOX");
  auto dir = fs::path(sandbox ? sandbox : "/tmp") / "bench-storage";
  fs::create_directories(dir);
  return dir;
}

// A layer of kFiles incompressible files in 16 directories, written once.
const fs::path& large_layer() {
  static const fs::path path = [] {
    auto tar = scratch() / "large.tar";
    archive* out = archive_write_new();
    archive_write_set_format_pax_restricted(out);
    archive_write_open_filename(out, tar.c_str());
    std::mt19937_64 random(7);
    std::string content(kFileSize, '\0');
    for (int i = 0; i < kFiles; ++i) {
      for (std::size_t j = 0; j + 8 <= content.size(); j += 8) {
        auto word = random();
        std::memcpy(content.data() + j, &word, 8);
      }
      archive_entry* entry = archive_entry_new();
      auto name = "d" + std::to_string(i % 16) + "/f" + std::to_string(i);
      archive_entry_set_pathname(entry, name.c_str());
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, 0644);
      archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
      archive_write_header(out, entry);
      archive_write_data(out, content.data(), content.size());
      archive_entry_free(entry);
    }
    archive_write_close(out);
    archive_write_free(out);
    return tar;
  }();
  return path;
}

void UnpackLargeLayer(benchmark::State& state) {
  auto target = scratch() / "unpacked";
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(target);
    fs::create_directories(target);
    state.ResumeTiming();
    storage::unpack_layer(large_layer(), target);
  }
  fs::remove_all(target);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(fs::file_size(large_layer())));
}
BENCHMARK(UnpackLargeLayer)->Unit(benchmark::kMillisecond)->UseRealTime();

// Baseline: GNU tar extracting the same file (no digests, no path checks).
void TarExtractLargeLayer(benchmark::State& state) {
  auto target = scratch() / "untarred";
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(target);
    fs::create_directories(target);
    state.ResumeTiming();
    pid_t child = ::fork();
    if (child == 0) {
      ::execlp("tar", "tar", "-xf", large_layer().c_str(), "-C", target.c_str(), nullptr);
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    if (status != 0) state.SkipWithError("tar -x failed");
  }
  fs::remove_all(target);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(fs::file_size(large_layer())));
}
BENCHMARK(TarExtractLargeLayer)->Unit(benchmark::kMillisecond)->UseRealTime();

// `berth load` of an archive holding the large layer: read, verify, store, unpack.
void LoadArchive(benchmark::State& state) {
  state::StateStore store(Locations::resolve(std::nullopt));
  storage::ImageStore images(store);
  auto image =
      images.import_rootfs(large_layer(), {storage::parse_image_reference("bench/large:1")}, {});
  auto archive = scratch() / "large-image.tar";
  storage::save_images(images, {"bench/large:1"}, archive);
  for (auto _ : state) {
    state.PauseTiming();
    images.remove(image.id, true);
    state.ResumeTiming();
    storage::load_images(images, archive);
  }
  images.remove(image.id, true);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(archive)));
}
BENCHMARK(LoadArchive)->Unit(benchmark::kMillisecond)->UseRealTime();

// Mounting and unmounting a container root over 20 layers.
void Mount20LayerRootfs(benchmark::State& state) {
  auto root = Locations::resolve(std::nullopt).state_root;
  storage::LayerStore layers(root);
  std::vector<std::string> diff_ids;
  for (int i = 0; i < 20; ++i) {
    auto tar = scratch() / ("small" + std::to_string(i) + ".tar");
    archive* out = archive_write_new();
    archive_write_set_format_pax_restricted(out);
    archive_write_open_filename(out, tar.c_str());
    archive_entry* entry = archive_entry_new();
    auto name = "layer" + std::to_string(i);
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(name.size()));
    archive_write_header(out, entry);
    archive_write_data(out, name.data(), name.size());
    archive_entry_free(entry);
    archive_write_close(out);
    archive_write_free(out);
    storage::ContentStore content(root);
    auto blob = content.put_file(tar);
    diff_ids.push_back(layers.unpack(content.path_of(blob.digest), blob));
  }
  storage::OverlayRootfs rootfs(root, layers);
  for (auto _ : state) {
    rootfs.mount("bench", diff_ids, false);
    rootfs.unmount("bench");
  }
  rootfs.remove("bench");
}
BENCHMARK(Mount20LayerRootfs)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

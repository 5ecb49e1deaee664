#include "storage/layer_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/layer_unpacker.h"
#include "storage/safe_path.h"
#include "storage/sha256.h"
#include "util/error.h"
#include "util/log.h"

namespace berth::storage {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kShortIdLength = 12;

// A failed or superseded unpack leaves nothing behind.
class TempDir {
 public:
  explicit TempDir(const fs::path& parent) {
    std::string name = (parent / ".tmp-XXXXXX").string();
    if (!::mkdtemp(name.data())) throw_errno("creating temp layer dir in", parent.string());
    path_ = name;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    try {
      remove_tree_at(AT_FDCWD, path_.string());
    } catch (const Error& e) {
      log::warn("leaving temp layer dir {}: {}", path_.string(), e.what());
    }
  }
  const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};
}  // namespace

LayerStore::LayerStore(const fs::path& state_root)
    : state_root_(state_root), layers_dir_(state_root / "layers") {
  fs::create_directories(layers_dir_);
  fs::create_directories(state_root / "l");
}

fs::path LayerStore::dir_of(const std::string& diff_id) const {
  return layers_dir_ / digest_hex(diff_id);
}

bool LayerStore::contains(const std::string& diff_id) const { return fs::exists(dir_of(diff_id)); }

std::string LayerStore::short_link(const std::string& diff_id) const {
  return "l/" + digest_hex(diff_id).substr(0, kShortIdLength);
}

std::string LayerStore::unpack(const fs::path& blob_path, const Descriptor& blob,
                               const std::string& expected_diff_id) {
  if (!expected_diff_id.empty() && contains(expected_diff_id)) return expected_diff_id;
  TempDir temp(layers_dir_);
  ::chmod(temp.path().c_str(), 0755);
  auto digests = unpack_layer(blob_path, temp.path());
  if (digests.blob_digest != blob.digest || (blob.size > 0 && digests.blob_size != blob.size))
    throw Error("layer blob does not match its digest " + blob.digest + " (got " +
                    digests.blob_digest + ")",
                blob_path.string());
  if (!expected_diff_id.empty() && digests.diff_id != expected_diff_id)
    throw Error("layer diff_id mismatch: image config says " + expected_diff_id + ", content is " +
                    digests.diff_id,
                blob.digest);
  auto final_dir = dir_of(digests.diff_id);
  if (::rename(temp.path().c_str(), final_dir.c_str()) == 0) {
    temp.release();
  } else if (errno != EEXIST && errno != ENOTEMPTY) {
    throw_errno("storing layer", final_dir.string());
  }  // else a concurrent unpack of the same layer won; ours is dropped
  auto link = state_root_ / short_link(digests.diff_id);
  if (::symlink(("../layers/" + digest_hex(digests.diff_id)).c_str(), link.c_str()) != 0 &&
      errno != EEXIST)
    throw_errno("linking layer", link.string());
  return digests.diff_id;
}

void LayerStore::remove(const std::string& diff_id) {
  ::unlink((state_root_ / short_link(diff_id)).c_str());
  remove_tree_at(AT_FDCWD, dir_of(diff_id).string());
}

}  // namespace berth::storage

#include "cli/pull_progress.h"

#include <unistd.h>

#include <cstdio>
#include <map>
#include <vector>

namespace berth::cli {

namespace {
class PullView {
 public:
  explicit PullView(bool terminal) : terminal_(terminal) {}

  void update(const storage::PullProgress& progress) {
    using State = storage::PullProgress::State;
    auto [it, added] = lines_.try_emplace(progress.id, progress);
    if (added) order_.push_back(progress.id);
    bool changed = added || it->second.state != progress.state;
    it->second = progress;
    if (!terminal_) {
      if (changed) std::printf("%s: %s\n", progress.id.c_str(), storage::to_string(progress.state));
      return;
    }
    if (progress.state == State::downloading && !changed && ++skipped_ % 64 != 0) return;
    redraw();
  }

 private:
  void redraw() {
    if (drawn_ > 0) std::printf("\033[%zuA", drawn_);
    for (const auto& id : order_) {
      const auto& line = lines_.at(id);
      std::printf("\033[2K%s: %s", id.c_str(), storage::to_string(line.state));
      if (line.state == storage::PullProgress::State::downloading && line.total > 0)
        std::printf(" %.1f/%.1f MB", static_cast<double>(line.current) / 1e6,
                    static_cast<double>(line.total) / 1e6);
      std::printf("\n");
    }
    drawn_ = order_.size();
    std::fflush(stdout);
  }

  bool terminal_;
  std::map<std::string, storage::PullProgress> lines_;
  std::vector<std::string> order_;
  std::size_t drawn_ = 0;
  unsigned skipped_ = 0;
};
}  // namespace

storage::Image pull_with_progress(storage::ImageStore& images,
                                  const storage::ImageReference& reference,
                                  storage::PullOptions options, bool quiet) {
  PullView view(::isatty(STDOUT_FILENO) == 1);
  if (!quiet) options.progress = [&view](const auto& progress) { view.update(progress); };
  auto image = storage::pull_image(images, reference, options);
  if (quiet)
    std::printf("%s\n", image.id.c_str());
  else
    std::printf("Digest: %s\n%s\n", image.manifest.digest.c_str(), reference.canonical().c_str());
  return image;
}

}  // namespace berth::cli

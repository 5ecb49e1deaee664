#include "cli/pull_progress.h"

#include <unistd.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

namespace berth::cli {

namespace {
// The layers of every image being pulled; updates come from the pulls' threads.
class PullView {
 public:
  explicit PullView(bool terminal) : terminal_(terminal) {}

  void update(const std::string& label, const storage::PullProgress& progress) {
    using State = storage::PullProgress::State;
    std::lock_guard lock(mutex_);
    auto name = label.empty() ? progress.id : label + " " + progress.id;
    auto [it, added] = lines_.try_emplace(name, progress);
    if (added) order_.push_back(name);
    bool changed = added || it->second.state != progress.state;
    it->second = progress;
    if (!terminal_) {
      if (changed) std::printf("%s: %s\n", name.c_str(), storage::to_string(progress.state));
      return;
    }
    if (progress.state == State::downloading && !changed && ++skipped_ % 64 != 0) return;
    redraw();
  }

 private:
  void redraw() {
    if (drawn_ > 0) std::printf("\033[%zuA", drawn_);
    for (const auto& name : order_) {
      const auto& line = lines_.at(name);
      std::printf("\033[2K%s: %s", name.c_str(), storage::to_string(line.state));
      if (line.state == storage::PullProgress::State::downloading && line.total > 0)
        std::printf(" %.1f/%.1f MB", static_cast<double>(line.current) / 1e6,
                    static_cast<double>(line.total) / 1e6);
      std::printf("\n");
    }
    drawn_ = order_.size();
    std::fflush(stdout);
  }

  bool terminal_;
  std::mutex mutex_;
  std::map<std::string, storage::PullProgress> lines_;
  std::vector<std::string> order_;
  std::size_t drawn_ = 0;
  unsigned skipped_ = 0;
};
}  // namespace

std::vector<PullOutcome> pull_all_with_progress(storage::ImageStore& images,
                                                const std::vector<PullRequest>& requests,
                                                bool quiet) {
  PullView view(::isatty(STDOUT_FILENO) == 1);
  std::vector<PullOutcome> outcomes(requests.size());
  std::vector<std::jthread> pulls;
  for (std::size_t i = 0; i < requests.size(); ++i)
    pulls.emplace_back([&, i] {
      auto options = requests[i].options;
      const auto& label = requests[i].label;
      if (!quiet)
        options.progress = [&view, &label](const auto& step) { view.update(label, step); };
      try {
        outcomes[i].image = storage::pull_image(images, requests[i].reference, options);
      } catch (...) {  // a thread must not let it escape
        outcomes[i].failure = std::current_exception();
      }
    });
  pulls.clear();  // joins
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& image = outcomes[i].image;
    if (!image) continue;
    if (quiet)
      std::printf("%s\n", image->id.c_str());
    else
      std::printf("Digest: %s\n%s\n", image->manifest.digest.c_str(),
                  requests[i].reference.canonical().c_str());
  }
  return outcomes;
}

storage::Image pull_with_progress(storage::ImageStore& images,
                                  const storage::ImageReference& reference,
                                  storage::PullOptions options, bool quiet) {
  auto outcome = pull_all_with_progress(images, {{"", reference, std::move(options)}}, quiet);
  if (outcome[0].failure) std::rethrow_exception(outcome[0].failure);
  return *outcome[0].image;
}

}  // namespace berth::cli

#include <unistd.h>

#include <cstdio>
#include <map>
#include <vector>

#include "cli/commands.h"
#include "engine/berth_config.h"
#include "state/state_store.h"
#include "storage/image_puller.h"

namespace berth::cli {

namespace {
// docker-style pull output: on a terminal one line per layer, redrawn in
// place; otherwise one line per state change (byte counts left out).
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

void add_pull_command(CLI::App& parent, const GlobalOptions& options) {
  auto* command = parent.add_subcommand("pull", "Pull an image from a registry");
  struct Args {
    std::string reference;
    std::string platform;
    bool insecure = false;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  command->add_option("image", args->reference, "name[:tag|@digest]")->required();
  command->add_option("--platform", args->platform,
                      "os/arch[/variant] to pick from a multi-platform image (default: this host)");
  command->add_flag("--insecure", args->insecure,
                    "allow plain HTTP and unverified TLS for this registry (always allowed for "
                    "loopback registries)");
  command->add_flag("-q,--quiet", args->quiet, "print only the image id");
  command->callback([&options, args] {
    auto reference = storage::parse_image_reference(args->reference);
    state::StateStore state(options.locations());
    storage::ImageStore images(state);
    storage::PullOptions pull;
    if (!args->platform.empty()) pull.platform = storage::parse_platform(args->platform);
    pull.registry = engine::BerthConfig::load(engine::berth_config_path()).registry_options();
    pull.registry.insecure = args->insecure;
    PullView view(::isatty(STDOUT_FILENO) == 1);
    if (!args->quiet) pull.progress = [&view](const auto& progress) { view.update(progress); };
    auto image = storage::pull_image(images, reference, pull);
    if (args->quiet)
      std::printf("%s\n", image.id.c_str());
    else
      std::printf("Digest: %s\n%s\n", image.manifest.digest.c_str(), reference.canonical().c_str());
  });
}

}  // namespace berth::cli

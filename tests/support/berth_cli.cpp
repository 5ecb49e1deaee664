#include "support/berth_cli.h"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "runtime/busybox_rootfs.h"

namespace berth::testing {

CommandResult berth(std::vector<std::string> args) {
  args.insert(args.begin(), BERTH_BINARY);
  return run_command(args);
}

std::vector<std::string> compose_argv(const std::filesystem::path& file,
                                      std::vector<std::string> args) {
  args.insert(args.begin() + 1, {"--file", file.string()});
  args.insert(args.begin(), BERTH_BINARY);
  return args;
}

CommandResult compose(const std::filesystem::path& file, std::vector<std::string> args) {
  return run_command(compose_argv(file, std::move(args)));
}

void import_busybox_image() {
  auto rootfs = runtime::testing::make_busybox_rootfs();
  auto imported = berth({"import", rootfs, kBusyboxImage, "--change", "ENV PATH=/bin"});
  ASSERT_EQ(imported.status, 0) << imported.err;
}

std::map<std::string, std::string> labels_of(const nlohmann::json& container) {
  std::map<std::string, std::string> labels;
  std::string previous;
  std::istringstream pieces(container["Labels"].get<std::string>());
  for (std::string piece; std::getline(pieces, piece, ',');) {
    auto equals = piece.find('=');
    if (equals == std::string::npos && !previous.empty()) {
      labels[previous] += "," + piece;
      continue;
    }
    previous = piece.substr(0, equals);
    labels[previous] = equals == std::string::npos ? "" : piece.substr(equals + 1);
  }
  return labels;
}

std::vector<nlohmann::json> ps_json(const std::filesystem::path& file) {
  auto listed = compose(file, {"ps", "-a", "--format", "json"});
  EXPECT_EQ(listed.status, 0) << listed.err;
  std::vector<nlohmann::json> containers;
  std::istringstream in(listed.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) containers.push_back(nlohmann::json::parse(line));
  return containers;
}

bool eventually(const std::function<bool()>& condition, int attempts) {
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace berth::testing

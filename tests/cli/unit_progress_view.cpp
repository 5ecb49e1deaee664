#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/progress_view.h"
#include "util/error.h"

namespace berth::cli {
namespace {

using engine::ProgressEvent;
using engine::ProgressState;

class Capture {
 public:
  Capture() : file_(open_memstream(&buffer_, &size_)) {}
  ~Capture() {
    std::fclose(file_);
    std::free(buffer_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buffer_, size_);
  }

 private:
  char* buffer_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

TEST(ProgressView, PlainPrintsOneLinePerChange) {
  Capture out;
  ProgressView view(out.file(), ProgressMode::plain);
  view.update({"Network", "shop_default", "Created", ProgressState::done, ""});
  view.update({"Container", "shop-db-1", "Error", ProgressState::failed, "image missing"});
  EXPECT_EQ(out.text(),
            "Network shop_default  Created\nContainer shop-db-1  Error: image missing\n");
}

TEST(ProgressView, JsonPrintsOneObjectPerChange) {
  Capture out;
  ProgressView view(out.file(), ProgressMode::json);
  view.sink()({"Container", "shop-web-1", "Started", ProgressState::done, ""});
  auto line = nlohmann::json::parse(out.text());
  EXPECT_EQ(line["id"], "shop-web-1");
  EXPECT_EQ(line["status"], "Started");
  EXPECT_EQ(line["state"], "done");
}

TEST(ProgressView, TtyRedrawsEachObjectInPlace) {
  Capture out;
  ProgressView view(out.file(), ProgressMode::tty);
  view.update({"Container", "shop-web-1", "Creating", ProgressState::working, ""});
  view.update({"Container", "shop-db-1", "Creating", ProgressState::working, ""});
  view.update({"Container", "shop-web-1", "Started", ProgressState::done, ""});
  std::string text = out.text();
  // The third update moves up over the two lines drawn before and redraws both.
  auto last_redraw = text.rfind("\033[2A");
  ASSERT_NE(last_redraw, std::string::npos);
  std::string screen = text.substr(last_redraw);
  EXPECT_NE(screen.find("shop-web-1"), std::string::npos);
  EXPECT_NE(screen.find("Started"), std::string::npos);
  EXPECT_NE(screen.find("shop-db-1"), std::string::npos);
  EXPECT_LT(screen.find("shop-web-1"), screen.find("shop-db-1")) << "lines keep their order";
}

// Download byte counts move a layer's line on a terminal only.
TEST(ProgressView, TransientUpdatesAreRedrawnButNotPrintedAsLines) {
  ProgressEvent started{"Layer", "0123456789ab", "Downloading", ProgressState::working,
                        "0.0MB/2.0MB"};
  ProgressEvent moved = started;
  moved.detail = "1.0MB/2.0MB";
  moved.transient = true;
  for (auto mode : {ProgressMode::plain, ProgressMode::json}) {
    Capture out;
    ProgressView view(out.file(), mode);
    view.update(started);
    view.update(moved);
    view.update({"Layer", "0123456789ab", "Download complete", ProgressState::done, ""});
    auto text = out.text();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
    EXPECT_EQ(text.find("1.0MB"), std::string::npos) << text;
  }
  Capture out;
  ProgressView view(out.file(), ProgressMode::tty);
  view.update(started);
  view.update(moved);
  EXPECT_NE(out.text().rfind("1.0MB/2.0MB"), std::string::npos);
}

TEST(ProgressView, QuietPrintsNothing) {
  Capture out;
  ProgressView view(out.file(), ProgressMode::quiet);
  view.update({"Container", "x", "Started", ProgressState::done, ""});
  EXPECT_EQ(out.text(), "");
}

TEST(ProgressView, ModeParsing) {
  EXPECT_EQ(parse_progress_mode("auto", true), ProgressMode::tty);
  EXPECT_EQ(parse_progress_mode("auto", false), ProgressMode::plain);
  EXPECT_EQ(parse_progress_mode("json", true), ProgressMode::json);
  EXPECT_THROW(parse_progress_mode("fancy", true), Error);
}

}  // namespace
}  // namespace berth::cli

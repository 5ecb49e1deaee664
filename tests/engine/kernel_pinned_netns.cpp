#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "engine/pinned_netns.h"
#include "support/run_command.h"
#include "util/locations.h"
#include "util/namespace_fd.h"
#include "util/scoped_netns_entry.h"

namespace berth::engine {
namespace {

namespace fs = std::filesystem;

int interface_count() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return -1;
  std::set<std::string> names;
  for (auto* entry = list; entry; entry = entry->ifa_next) names.insert(entry->ifa_name);
  ::freeifaddrs(list);
  return static_cast<int>(names.size());
}

std::string mountinfo() {
  std::ifstream in("/proc/self/mountinfo");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class PinnedNetnsTest : public ::testing::Test {
 protected:
  Locations locations_ = Locations::resolve(std::nullopt);
  PinnedNetns pins_{locations_.run_dir};
};

TEST_F(PinnedNetnsTest, PinHoldsAFreshNamespaceUntilRemoved) {
  auto pin = pins_.create("shop-web-1");
  EXPECT_TRUE(PinnedNetns::is_pinned(pin));
  auto host = NamespaceFd::of_current("net");
  auto pinned = NamespaceFd::open_path(pin);
  {
    ScopedNetnsEntry inside(pinned);
    EXPECT_EQ(interface_count(), 1) << "a new namespace has only lo";
  }
  EXPECT_GT(::if_nametoindex("lo"), 0u);

  // A veth whose peer lands in the pinned namespace is visible there by name.
  auto added = testing::run_command(
      {"ip", "link", "add", "vt-pin0", "type", "veth", "peer", "name", "eth0", "netns", pin});
  ASSERT_EQ(added.status, 0) << added.err;
  {
    ScopedNetnsEntry inside(pinned);
    EXPECT_GT(::if_nametoindex("eth0"), 0u);
  }

  pins_.remove("shop-web-1");
  EXPECT_FALSE(fs::exists(pin));
  EXPECT_EQ(mountinfo().find(pin.string()), std::string::npos);
}

TEST_F(PinnedNetnsTest, CreateIsIdempotentAndNamespacesAreDistinct) {
  auto a = pins_.create("a");
  auto again = pins_.create("a");
  EXPECT_EQ(a, again);
  auto b = pins_.create("b");
  struct stat sa {
  }, sb{};
  ASSERT_EQ(::stat(a.c_str(), &sa), 0);
  ASSERT_EQ(::stat(b.c_str(), &sb), 0);
  EXPECT_NE(sa.st_ino, sb.st_ino) << "each container gets its own namespace";
  pins_.remove("a");
  pins_.remove("b");
  EXPECT_NO_THROW(pins_.remove("a")) << "removing a missing pin is not an error";
}

TEST_F(PinnedNetnsTest, CallerStaysInItsOwnNamespace) {
  struct stat before {
  }, after{};
  ASSERT_EQ(::stat("/proc/thread-self/ns/net", &before), 0);
  pins_.create("c");
  ASSERT_EQ(::stat("/proc/thread-self/ns/net", &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
  pins_.remove("c");
}

}  // namespace
}  // namespace berth::engine

// Every kernel test of the network layer runs the freshly built berth-dns
// (NetworkManager starts it with the first network), and whatever it forwards
// goes to a closed port on the sandbox's loopback, never off the machine.
// Tests of forwarding pass their own upstream in NetworkOptions.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace {

class NetworkTestEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto helper = std::filesystem::path(BERTH_BINARY).parent_path() / "berth-dns";
    ::setenv("BERTH_DNS", helper.c_str(), 1);
    ::setenv("BERTH_DNS_UPSTREAMS", "127.0.0.1:9", 1);
  }
};

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new NetworkTestEnvironment);

}  // namespace

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "network/dns_client.h"
#include "network/dns_helper.h"
#include "network/dns_message.h"
#include "network/dns_paths.h"
#include "network/network_manager.h"
#include "scratch_netns.h"
#include "util/error.h"

namespace berth::network {
namespace {

using namespace std::chrono_literals;
using testing::ScratchNetns;

// An address where nothing listens: forwarded names fail fast (SERVFAIL)
// instead of leaving the sandbox.
constexpr const char* kDeadUpstream = "127.0.0.1:9";

class DnsTest : public ::testing::Test {
 protected:
  Locations locations = Locations::resolve(std::nullopt);
  state::StateStore store{locations};

  static NetworkOptions options(const std::string& upstream) {
    NetworkOptions options;
    options.dns.upstreams = {upstream};  // the helper: BERTH_DNS (kernel_environment.cpp)
    return options;
  }

  // Stops the helper by its verified pid even when a test failed half way.
  void TearDown() override { DnsHelper(locations, {}).stop(); }

  static NetworkSpec network(const std::string& name, const std::string& project) {
    NetworkSpec spec;
    spec.name = name;
    spec.project = project;
    return spec;
  }

  static EndpointSpec endpoint(const std::string& container, const std::string& service,
                               std::vector<std::string> aliases = {}) {
    EndpointSpec spec;
    spec.container = container;
    spec.service = service;
    spec.aliases = std::move(aliases);
    return spec;
  }

  // Asks the responder on `server` from inside `netns`, retrying a lost
  // datagram like a stub resolver does (the machine may be busy).
  static std::optional<DnsAnswer> ask(const ScratchNetns& netns, const IpAddress& server,
                                      const std::string& name, uint16_t type = dns::kA,
                                      bool tcp = false) {
    auto fd = netns.fd();
    ScopedNetnsEntry inside(fd);
    std::optional<DnsAnswer> answer;
    for (int attempt = 0; attempt < 3 && !answer; ++attempt)
      answer = query_dns(server, 53, name, type, tcp, 1000ms);
    return answer;
  }

  static std::vector<std::string> addresses(const std::optional<DnsAnswer>& answer) {
    std::vector<std::string> out;
    if (answer)
      for (auto address : answer->addresses) out.push_back(address.to_string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

using Strings = std::vector<std::string>;

TEST_F(DnsTest, ResolvesNamesOnlyBetweenContainersThatShareANetwork) {
  NetworkManager manager(store, options(kDeadUpstream));
  auto shared = manager.create_network(network("p_default", "p"));
  auto other = manager.create_network(network("p_other", "p"));
  auto foreign = manager.create_network(network("q_default", "q"));
  ScratchNetns web("web"), db("db"), lone("lone"), stranger("stranger");
  auto web_ip = manager.attach(web.path(), "p_default", endpoint("p-web-1", "web", {"frontend"}));
  auto db_ip = manager.attach(db.path(), "p_default", endpoint("p-db-1", "db", {"database"}));
  manager.attach(lone.path(), "p_other", endpoint("p-lone-1", "lone"));
  manager.attach(stranger.path(), "q_default", endpoint("q-db-1", "db"));
  auto db_text = db_ip.ip.to_string();

  EXPECT_EQ(addresses(ask(web, shared.gateway, "db")), Strings{db_text});
  EXPECT_EQ(addresses(ask(web, shared.gateway, "database")), Strings{db_text});
  EXPECT_EQ(addresses(ask(web, shared.gateway, "P-DB-1")), Strings{db_text});
  EXPECT_EQ(addresses(ask(web, shared.gateway, "db.p_default.")), Strings{db_text});
  EXPECT_EQ(addresses(ask(web, shared.gateway, "db", dns::kA, true)), Strings{db_text});
  EXPECT_EQ(addresses(ask(db, shared.gateway, "frontend")), Strings{web_ip.ip.to_string()});
  auto ipv6 = ask(web, shared.gateway, "db", dns::kAaaa);
  ASSERT_TRUE(ipv6);
  EXPECT_EQ(ipv6->rcode, dns::kNoError);
  EXPECT_TRUE(ipv6->addresses.empty());
  auto reverse = db_ip.ip;
  std::string ptr = std::to_string(reverse.value & 0xff) + "." +
                    std::to_string(reverse.value >> 8 & 0xff) + "." +
                    std::to_string(reverse.value >> 16 & 0xff) + "." +
                    std::to_string(reverse.value >> 24) + ".in-addr.arpa";
  auto name = ask(web, shared.gateway, ptr, dns::kPtr);
  ASSERT_TRUE(name);
  EXPECT_EQ(name->names, Strings{"p-db-1"});

  // Another network of the same project, and another project: the name is
  // unknown to them (forwarded, and the dead upstream fails it), whichever
  // gateway they ask. The other project's own "db" is its own.
  auto from_lone = ask(lone, other.gateway, "db");
  ASSERT_TRUE(from_lone);
  EXPECT_EQ(from_lone->rcode, dns::kServFail);
  EXPECT_TRUE(from_lone->addresses.empty());
  EXPECT_TRUE(addresses(ask(lone, shared.gateway, "db")).empty());
  EXPECT_TRUE(addresses(ask(stranger, foreign.gateway, "web")).empty());
  EXPECT_TRUE(addresses(ask(stranger, shared.gateway, "frontend")).empty());
  EXPECT_NE(addresses(ask(stranger, foreign.gateway, "db")), Strings{db_text});

  for (auto container : {"p-web-1", "p-db-1", "p-lone-1", "q-db-1"})
    manager.release_container(container);
  for (auto name : {"p_default", "p_other", "q_default"}) manager.remove_network(name);
}

// On a dual-stack network the responder also listens on the IPv6 gateway and
// knows the requester by its IPv6 address, with the same scoping.
TEST_F(DnsTest, AnswersOnTheIpv6GatewayOfADualStackNetwork) {
  NetworkManager manager(store, options(kDeadUpstream));
  auto shared_spec = network("p_default", "p");
  shared_spec.enable_ipv6 = true;
  auto other_spec = network("p_other", "p");
  other_spec.enable_ipv6 = true;
  auto shared = manager.create_network(shared_spec);
  auto other = manager.create_network(other_spec);
  ASSERT_TRUE(shared.gateway6 && other.gateway6);
  ScratchNetns web("web"), db("db"), lone("lone");
  manager.attach(web.path(), "p_default", endpoint("p-web-1", "web"));
  auto db_ip = manager.attach(db.path(), "p_default", endpoint("p-db-1", "db", {"database"}));
  manager.attach(lone.path(), "p_other", endpoint("p-lone-1", "lone"));
  ASSERT_TRUE(db_ip.ip6);

  auto a = ask(web, *shared.gateway6, "database");
  ASSERT_TRUE(a);
  EXPECT_EQ(addresses(a), Strings{db_ip.ip.to_string()});
  for (bool tcp : {false, true}) {
    auto aaaa = ask(web, *shared.gateway6, "db", dns::kAaaa, tcp);
    ASSERT_TRUE(aaaa) << (tcp ? "tcp" : "udp");
    ASSERT_EQ(aaaa->addresses6.size(), 1u);
    EXPECT_EQ(aaaa->addresses6.front(), *db_ip.ip6);
  }
  auto from_lone = ask(lone, *other.gateway6, "db");
  ASSERT_TRUE(from_lone);
  EXPECT_EQ(from_lone->rcode,
            dns::kServFail);  // unknown there: forwarded, and the upstream is dead
  EXPECT_TRUE(addresses(ask(lone, *shared.gateway6, "db")).empty());

  for (auto container : {"p-web-1", "p-db-1", "p-lone-1"}) manager.release_container(container);
  for (auto name : {"p_default", "p_other"}) manager.remove_network(name);
}

TEST_F(DnsTest, ChangesAreVisibleAtOnceWithoutRestartingTheHelper) {
  NetworkManager manager(store, options(kDeadUpstream));
  auto net = manager.create_network(network("p_default", "p"));
  DnsHelper helper(locations, {});
  auto pid = helper.running();
  ASSERT_TRUE(pid);
  ScratchNetns client("client"), one("one"), two("two");
  manager.attach(client.path(), "p_default", endpoint("p-client-1", "client"));
  auto first = manager.attach(one.path(), "p_default", endpoint("p-api-1", "api"));
  EXPECT_EQ(addresses(ask(client, net.gateway, "api")), Strings{first.ip.to_string()});

  // Scaled: both replicas, in turns.
  auto second = manager.attach(two.path(), "p_default", endpoint("p-api-2", "api"));
  auto both = ask(client, net.gateway, "api");
  auto again = ask(client, net.gateway, "api");
  EXPECT_EQ(addresses(both), (Strings{first.ip.to_string(), second.ip.to_string()}));
  ASSERT_TRUE(both && again);
  EXPECT_NE(both->addresses.front(), again->addresses.front());

  manager.release_container("p-api-1");
  EXPECT_EQ(addresses(ask(client, net.gateway, "api")), Strings{second.ip.to_string()});
  manager.release_container("p-api-2");
  auto gone = ask(client, net.gateway, "api");
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->addresses.empty());

  // A new network gets a listener from the same helper.
  auto later = manager.create_network(network("p_later", "p"));
  ScratchNetns late("late");
  manager.attach(late.path(), "p_later", endpoint("p-late-1", "late"));
  manager.attach(client.path(), "p_later", [] {
    auto spec = endpoint("p-client-1", "client");
    spec.interface_name = "eth1";
    spec.default_route = false;
    return spec;
  }());
  EXPECT_EQ(addresses(ask(late, later.gateway, "client")).size(), 1u);
  EXPECT_EQ(helper.running(), pid);

  manager.release_container("p-client-1");
  manager.release_container("p-late-1");
  manager.remove_network("p_default");
  EXPECT_EQ(helper.running(), pid);
  manager.remove_network("p_later");
  EXPECT_FALSE(helper.running());
  EXPECT_FALSE(std::filesystem::exists(DnsPaths(locations.run_dir).pid_file()));
  std::ifstream stat("/proc/" + std::to_string(*pid) + "/stat");
  std::string line;
  if (std::getline(stat, line)) {
    EXPECT_NE(line.find(") Z"), std::string::npos) << line;  // exited, not yet reaped
  }
}

// up creates its networks without waiting for the helper to come up: it is
// named in the pid file at once, and what others (another berth) send it
// meanwhile waits for it to serve instead of killing it or starting a second.
TEST_F(DnsTest, AHelperStillStartingIsFoundAndSignalledSafely) {
  NetworkManager manager(store, options(kDeadUpstream));
  auto first = manager.create_network(network("p_default", "p"), DnsWait::later);
  DnsHelper other(locations, {});
  auto pid = other.running();
  ASSERT_TRUE(pid) << "the pid file names a helper that is still starting";
  other.refresh(true);  // SIGHUP, held until it serves, then a reload confirmed
  EXPECT_EQ(other.running(), pid);
  auto second = manager.create_network(network("p_second", "p"), DnsWait::later);
  manager.await_dns();
  EXPECT_EQ(other.running(), pid) << "one helper, not a second";

  ScratchNetns client("client"), late("late");
  auto web = manager.attach(client.path(), "p_default", endpoint("p-web-1", "web"));
  manager.attach(late.path(), "p_second", endpoint("p-late-1", "late"));
  EXPECT_EQ(addresses(ask(client, first.gateway, "web")), Strings{web.ip.to_string()});
  EXPECT_EQ(addresses(ask(late, second.gateway, "late")).size(), 1u) << "listens on both";

  for (auto container : {"p-web-1", "p-late-1"}) manager.release_container(container);
  for (auto name : {"p_default", "p_second"}) manager.remove_network(name);
  EXPECT_FALSE(other.running());
}

// A helper that cannot start fails the caller at once with why, not after
// the start timeout; the network stays (its names will not resolve).
TEST_F(DnsTest, AHelperThatFailsAtOnceIsReportedAtOnce) {
  auto broken = options(kDeadUpstream);
  broken.dns.binary = "/bin/false";
  NetworkManager manager(store, broken);
  auto started = std::chrono::steady_clock::now();
  try {
    manager.create_network(network("p_default", "p"));
    FAIL() << "created without a DNS responder";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("DNS"), std::string::npos) << error.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_TRUE(manager.find_network("p_default"));
  manager.remove_network("p_default");
}

TEST_F(DnsTest, QueriesKeepBeingAnsweredWhileTheHelperReloads) {
  NetworkManager manager(store, options(kDeadUpstream));
  auto net = manager.create_network(network("p_default", "p"));
  ScratchNetns client("client"), server("server"), churn("churn");
  manager.attach(client.path(), "p_default", endpoint("p-client-1", "client"));
  auto stable = manager.attach(server.path(), "p_default", endpoint("p-db-1", "db"));
  std::atomic<bool> done{false};
  std::atomic<int> answered{0}, wrong{0};
  std::thread asker([&] {
    while (!done) {
      auto answer = addresses(ask(client, net.gateway, "db"));
      (answer == Strings{stable.ip.to_string()} ? answered : wrong)++;
    }
  });
  // Every change below makes the helper reload (SIGHUP), new networks add listeners.
  for (int i = 0; i < 5; ++i) {
    auto name = "p_extra" + std::to_string(i);
    manager.create_network(network(name, "p"));
    manager.attach(churn.path(), name, endpoint("p-churn-1", "churn"));
    manager.release_container("p-churn-1");
    manager.remove_network(name);
  }
  done = true;
  asker.join();
  EXPECT_GT(answered, 0);
  EXPECT_EQ(wrong, 0);
  manager.release_container("p-client-1");
  manager.release_container("p-db-1");
  manager.remove_network("p_default");
}

TEST_F(DnsTest, AForeignPidInThePidFileIsNeverTrusted) {
  DnsPaths paths(locations.run_dir);
  std::filesystem::create_directories(paths.dir);
  std::ofstream(paths.pid_file()) << ::getpid() << '\n';
  DnsHelper helper(locations, {});
  EXPECT_FALSE(helper.running());
  NetworkManager manager(store, options(kDeadUpstream));
  manager.create_network(network("p_default", "p"));
  auto pid = helper.running();
  ASSERT_TRUE(pid);
  EXPECT_NE(*pid, ::getpid());
  manager.remove_network("p_default");
  EXPECT_FALSE(helper.running());
}

TEST_F(DnsTest, GarbageFromAContainerDoesNotStopTheResponder) {
  NetworkManager manager(store, options(kDeadUpstream));
  auto net = manager.create_network(network("p_default", "p"));
  ScratchNetns client("client");
  manager.attach(client.path(), "p_default", endpoint("p-client-1", "client"));
  {
    auto fd = client.fd();
    ScopedNetnsEntry inside(fd);
    std::mt19937 random(42);
    auto server = testing::socket_address(net.gateway.to_string(), 53);
    int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
    for (int i = 0; i < 500; ++i) {
      // Random bytes behind a plausible query header, so the parser goes deep.
      std::vector<uint8_t> packet{0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0};
      packet.resize(12 + random() % 80);
      for (size_t j = 12; j < packet.size(); ++j) packet[j] = static_cast<uint8_t>(random());
      if (i % 2) packet[12] = 0xc0;  // often a compression pointer first
      ::sendto(udp, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&server),
               sizeof server);
    }
    ::close(udp);
    int tcp = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(::connect(tcp, reinterpret_cast<sockaddr*>(&server), sizeof server), 0);
    uint8_t short_frame[] = {0, 40, 1, 2, 3};  // promises 40 bytes, sends 3, hangs up
    ASSERT_EQ(::write(tcp, short_frame, sizeof short_frame), 5);
    ::close(tcp);
  }
  EXPECT_EQ(addresses(ask(client, net.gateway, "client")).size(), 1u);
  EXPECT_EQ(addresses(ask(client, net.gateway, "client", dns::kA, true)).size(), 1u);
  manager.release_container("p-client-1");
  manager.remove_network("p_default");
}

// dnsmasq (Debian's dnsmasq-base) as the upstream, on loopback inside the sandbox.
class Dnsmasq {
 public:
  explicit Dnsmasq(uint16_t port) {
    std::vector<std::string> args = {"dnsmasq",
                                     "--no-daemon",
                                     "--conf-file=/dev/null",
                                     "--port=" + std::to_string(port),
                                     "--listen-address=127.0.0.1",
                                     "--bind-interfaces",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--user=root",
                                     "--pid-file=",
                                     "--address=/example.test/10.1.2.3"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!query_dns(Ipv4Address::parse("127.0.0.1"), port, "a.example.test", dns::kA, false,
                      100ms)) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("dnsmasq did not start");
    }
  }
  ~Dnsmasq() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  Dnsmasq(const Dnsmasq&) = delete;
  Dnsmasq& operator=(const Dnsmasq&) = delete;

 private:
  pid_t pid_;
};

TEST_F(DnsTest, ForwardsOtherNamesToTheUpstreamOverUdpAndTcp) {
  if (::access("/usr/sbin/dnsmasq", X_OK) != 0) GTEST_SKIP() << "needs dnsmasq-base";
  Dnsmasq upstream(5300);
  NetworkManager manager(store, options("127.0.0.1:5300"));
  auto net = manager.create_network(network("p_default", "p"));
  ScratchNetns client("client");
  manager.attach(client.path(), "p_default", endpoint("p-client-1", "client"));

  EXPECT_EQ(addresses(ask(client, net.gateway, "www.example.test")), Strings{"10.1.2.3"});
  EXPECT_EQ(addresses(ask(client, net.gateway, "www.example.test", dns::kA, true)),
            Strings{"10.1.2.3"});
  // Local names still win over the upstream.
  EXPECT_EQ(addresses(ask(client, net.gateway, "client")).size(), 1u);

  manager.release_container("p-client-1");
  manager.remove_network("p_default");
}

TEST_F(DnsTest, InternalNetworksKeepTheirNamesButNothingGoesUpstream) {
  if (::access("/usr/sbin/dnsmasq", X_OK) != 0) GTEST_SKIP() << "needs dnsmasq-base";
  Dnsmasq upstream(5300);
  NetworkManager manager(store, options("127.0.0.1:5300"));
  auto spec = network("p_inner", "p");
  spec.internal = true;
  auto inner = manager.create_network(spec);
  ScratchNetns vault("vault"), app("app");
  manager.attach(vault.path(), "p_inner", endpoint("p-vault-1", "vault"));
  manager.attach(app.path(), "p_inner", endpoint("p-app-1", "app"));

  EXPECT_EQ(addresses(ask(vault, inner.gateway, "app")).size(), 1u);
  auto outside = ask(vault, inner.gateway, "www.example.test");
  ASSERT_TRUE(outside);
  EXPECT_EQ(outside->rcode, dns::kRefused);
  EXPECT_TRUE(outside->addresses.empty());

  manager.release_container("p-vault-1");
  manager.release_container("p-app-1");
  manager.remove_network("p_inner");
}

}  // namespace
}  // namespace berth::network

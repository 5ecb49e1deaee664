// End to end: the real `berth` binary brings a stack up and down inside the
// sandbox, with an image imported from Debian's static busybox.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "runtime/busybox_rootfs.h"
#include "storage/local_registry.h"
#include "support/berth_cli.h"
#include "support/http_get.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

const char* kShopStack = R"(name: shop
services:
  web:
    image: localhost/test/busybox:1
    init: true
    command: ["httpd", "-f", "-p", "80", "-h", "/srv/www"]
    environment:
      COLOUR: ${COLOUR:-blue}
    volumes:
      - ./html:/srv/www:ro
    ports:
      - "127.0.0.1:18080:80"
    networks: [front, back]
    depends_on:
      db:
        condition: service_healthy
  db:
    image: localhost/test/busybox:1
    init: true
    command: ["sh", "-c", "echo stored > /data/row.txt; exec httpd -f -p 5432 -h /data"]
    volumes:
      - rows:/data
    networks: [back]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:5432/row.txt"]
      interval: 200ms
      retries: 50
networks:
  front: {}
  back:
    internal: true
volumes:
  rows: {}
)";

// Processes whose command line names `text` (a container's supervisor does).
std::vector<std::string> processes_mentioning(const std::string& text) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    if (std::atoi(entry.path().filename().c_str()) <= 0) continue;
    std::ifstream file(entry.path() / "cmdline", std::ios::binary);
    std::string command((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (command.find(text) != std::string::npos) found.push_back(entry.path().filename());
  }
  return found;
}

class Stack : public ::testing::Test {
 protected:
  void SetUp() override {
    import_busybox_image();
    dir_ = fs::path(std::getenv("BERTH_SANDBOX")) / "shop";
    fs::create_directories(dir_ / "html");
    std::ofstream(dir_ / "html/index.html") << "hello from web\n";
    write_stack(kShopStack);
  }

  void write_stack(const std::string& text) { std::ofstream(dir_ / "compose.yaml") << text; }
  CommandResult compose(std::vector<std::string> args) {
    return testing::compose(dir_ / "compose.yaml", std::move(args));
  }
  std::vector<nlohmann::json> containers() { return ps_json(dir_ / "compose.yaml"); }

  static std::optional<std::string> fetch_index() {
    return http_get_when_listening("127.0.0.1", 18080, "/index.html");
  }

  fs::path dir_;
};

TEST_F(Stack, UpWaitServesThePublishedPortAndDownRemovesEverything) {
  auto up = compose({"up", "-d", "--wait", "--progress", "plain"});
  ASSERT_EQ(up.status, 0) << up.err;

  EXPECT_EQ(fetch_index(), "hello from web\n");

  auto listed = containers();
  ASSERT_EQ(listed.size(), 2u);
  for (const auto& container : listed) EXPECT_EQ(container["State"], "running") << container;

  // docker compose's ID, Mounts, LocalVolumes and Size (what the container wrote to its own layer).
  ASSERT_EQ(compose({"exec", "-T", "web", "sh", "-c", "head -c 5000 /dev/zero > /written"}).status,
            0);
  std::map<std::string, nlohmann::json> by_service;
  for (const auto& container : containers()) by_service[container["Service"]] = container;
  for (const auto& [service, container] : by_service) {
    auto id = container["ID"].get<std::string>();
    EXPECT_EQ(id.size(), 12u) << container;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << container;
  }
  EXPECT_NE(by_service["web"]["ID"], by_service["db"]["ID"]);
  EXPECT_EQ(by_service["db"]["Mounts"], "shop_rows");
  EXPECT_EQ(by_service["db"]["LocalVolumes"], "1");
  EXPECT_EQ(by_service["web"]["LocalVolumes"], "0");
  auto bind = (dir_ / "html").string();
  EXPECT_EQ(by_service["web"]["Mounts"], bind.substr(0, 14) + "…") << by_service["web"];
  EXPECT_EQ(by_service["web"]["Size"], "5kB") << by_service["web"];

  auto links = run_command({"ip", "-br", "link"});
  EXPECT_NE(links.out.find("bt"), std::string::npos) << links.out;

  auto down = compose({"down", "-v", "--progress", "plain"});
  ASSERT_EQ(down.status, 0) << down.err;
  EXPECT_TRUE(containers().empty());
  EXPECT_EQ(http_get("127.0.0.1", 18080, "/index.html"), std::nullopt);
  links = run_command({"ip", "-br", "link"});
  EXPECT_EQ(links.out.find("bt"), std::string::npos) << links.out;
  auto mounts = run_command({"findmnt", "-rn", "-o", "TARGET"});
  EXPECT_EQ(mounts.out.find("/containers/"), std::string::npos) << mounts.out;
  // The user's bind-mounted files are never touched.
  EXPECT_TRUE(fs::exists(dir_ / "html/index.html"));
}

TEST_F(Stack, ReUpKeepsUnchangedContainersAndRecreatesChangedOnes) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  auto ids = [&] {
    std::map<std::string, std::string> by_service;
    for (const auto& container : containers()) by_service[container["Service"]] = container["ID"];
    return by_service;
  };
  auto first = ids();

  auto again = compose({"up", "-d", "--wait", "--progress", "plain"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.err.find("Recreate"), std::string::npos) << again.err;
  EXPECT_EQ(again.err.find("Creating"), std::string::npos) << again.err;

  ::setenv("COLOUR", "green", 1);
  auto changed = compose({"up", "-d", "--wait", "--progress", "plain"});
  ::unsetenv("COLOUR");
  ASSERT_EQ(changed.status, 0) << changed.err;
  EXPECT_NE(changed.err.find("shop-web-1"), std::string::npos) << changed.err;
  EXPECT_NE(changed.err.find("Recreate"), std::string::npos) << changed.err;
  EXPECT_EQ(fetch_index(), "hello from web\n");
  // A recreated container is a new one, with a new ID; the other keeps its own.
  auto after = ids();
  EXPECT_NE(after["web"], first["web"]);
  EXPECT_EQ(after["db"], first["db"]);

  ASSERT_EQ(compose({"down", "-v"}).status, 0);
}

TEST_F(Stack, PlanShowsWhatUpWouldDoAndChangesNothing) {
  auto before = compose({"plan", "--format", "json"});
  ASSERT_EQ(before.status, 0) << before.err;
  auto planned = nlohmann::json::parse(before.out);
  EXPECT_FALSE(planned["ChangesNothing"].get<bool>());
  std::set<std::string> creates;
  for (const auto& step : planned["Steps"])
    if (step["Action"] == "create") creates.insert(step["Name"].get<std::string>());
  EXPECT_EQ(creates, (std::set<std::string>{"shop_front", "shop_back", "shop_rows", "shop-web-1",
                                            "shop-db-1"}));
  EXPECT_TRUE(containers().empty());
  EXPECT_EQ(run_command({"ip", "-br", "link"}).out.find("bt"), std::string::npos);

  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  auto after = compose({"plan"});
  ASSERT_EQ(after.status, 0) << after.err;
  EXPECT_NE(after.out.find("Nothing to do"), std::string::npos) << after.out;
  ASSERT_EQ(compose({"down", "-v"}).status, 0);
}

TEST_F(Stack, ComposeFlagsMayComeBeforeTheVerbAndTimingsAreReported) {
  auto up = berth({"-f", (dir_ / "compose.yaml").string(), "up", "-d", "--timings"});
  ASSERT_EQ(up.status, 0) << up.err;
  for (const char* phase : {"load", "plan", "networks", "containers", "total"})
    EXPECT_NE(up.err.find(std::string("timing  ") + phase), std::string::npos) << up.err;
  auto listed = berth({"-f", (dir_ / "compose.yaml").string(), "ps", "--services"});
  EXPECT_EQ(listed.out, "db\nweb\n");
  ASSERT_EQ(berth({"-f", (dir_ / "compose.yaml").string(), "down", "-v"}).status, 0);
}

TEST_F(Stack, NamedVolumeOutlivesDownUnlessAskedToRemoveIt) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  ASSERT_EQ(compose({"down"}).status, 0);
  auto volumes = run_command({"find", std::getenv("BERTH_ROOT"), "-name", "row.txt"});
  EXPECT_NE(volumes.out.find("row.txt"), std::string::npos) << volumes.out;

  ASSERT_EQ(compose({"down", "-v"}).status, 0);
  volumes = run_command({"find", std::getenv("BERTH_ROOT"), "-name", "row.txt"});
  EXPECT_EQ(volumes.out.find("row.txt"), std::string::npos) << volumes.out;
}

TEST_F(Stack, AMissingImageFailsBeforeAnythingIsCreated) {
  std::string stack = kShopStack;
  stack.replace(stack.find("localhost/test/busybox:1"), 24, "localhost/absent:1");
  write_stack(stack);
  auto up = compose({"up", "-d"});
  EXPECT_NE(up.status, 0);
  EXPECT_NE(up.err.find("localhost/absent:1"), std::string::npos) << up.err;
  auto links = run_command({"ip", "-br", "link"});
  EXPECT_EQ(links.out.find("bt"), std::string::npos) << links.out;
  EXPECT_TRUE(containers().empty());
}

TEST_F(Stack, AFailingDependencyStopsItsDependents) {
  std::string stack = kShopStack;
  stack.replace(stack.find("\"http://127.0.0.1:5432/row.txt\""), 31, "\"http://127.0.0.1:1/\"");
  stack.replace(stack.find("retries: 50"), 11, "retries: 3");
  write_stack(stack);
  auto up = compose({"up", "-d", "--wait", "--progress", "plain"});
  EXPECT_NE(up.status, 0);
  EXPECT_NE(up.err.find("db"), std::string::npos) << up.err;
  // As in compose, web was created before db failed, and never started: the
  // supervisor that built it while db started tore it down again.
  for (const auto& container : containers()) {
    if (container["Service"] != "web") continue;
    EXPECT_EQ(container["State"], "created") << container;
  }
  EXPECT_TRUE(eventually([] { return processes_mentioning("shop-web-1").empty(); }))
      << processes_mentioning("shop-web-1").size() << " processes of shop-web-1 left";
  ASSERT_EQ(compose({"down", "-v"}).status, 0);
}

// As compose does, `up` creates a dependent while its dependency is still on
// the way to healthy, so that a depends_on chain waits for starts alone.
TEST_F(Stack, DependentsAreCreatedBeforeTheirDependencyIsHealthy) {
  auto up = compose({"up", "-d", "--progress", "plain"});
  ASSERT_EQ(up.status, 0) << up.err;
  auto web_created = up.err.find("shop-web-1  Created");
  auto db_healthy = up.err.find("shop-db-1  Healthy");
  auto web_started = up.err.find("shop-web-1  Started");
  ASSERT_NE(web_created, std::string::npos) << up.err;
  ASSERT_NE(db_healthy, std::string::npos) << up.err;
  EXPECT_LT(web_created, db_healthy) << up.err;
  EXPECT_LT(db_healthy, web_started) << up.err;
  ASSERT_EQ(compose({"down", "-v"}).status, 0);
}

// As compose does, `down` stops a dependent before what it depends on, and
// says so; then it removes them.
TEST_F(Stack, DownStopsDependentsFirst) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  auto down = compose({"down", "-t", "1", "--progress", "plain"});
  ASSERT_EQ(down.status, 0) << down.err;
  auto web_stopped = down.err.find("shop-web-1  Stopped");
  auto db_stopping = down.err.find("shop-db-1  Stopping");
  auto db_removed = down.err.find("shop-db-1  Removed");
  ASSERT_NE(web_stopped, std::string::npos) << down.err;
  ASSERT_NE(db_stopping, std::string::npos) << down.err;
  EXPECT_LT(web_stopped, db_stopping) << down.err;
  EXPECT_NE(db_removed, std::string::npos) << down.err;
  EXPECT_TRUE(containers().empty());
  ASSERT_EQ(compose({"down", "-v"}).status, 0);
}

TEST_F(Stack, ServicesReachEachOtherByNameOnTheirNetwork) {
  std::string stack = kShopStack;
  stack += R"(  client:
    image: localhost/test/busybox:1
    command: ["wget", "-q", "-O", "/out/row.txt", "http://db:5432/row.txt"]
    volumes:
      - ./out:/out
    networks: [back]
    depends_on:
      db:
        condition: service_healthy
  stranger:
    image: localhost/test/busybox:1
    command: ["sh", "-c", "nslookup db && touch /out/leak || touch /out/isolated"]
    volumes:
      - ./out:/out
    networks: [front]
    depends_on:
      client:
        condition: service_completed_successfully
)";
  // The services: key must stay first, so the extra services go before networks:.
  auto extra = stack.substr(stack.find("  client:"));
  stack.erase(stack.find("  client:"));
  stack.insert(stack.find("networks:\n  front"), extra);
  write_stack(stack);
  fs::create_directories(dir_ / "out");

  auto up = compose({"up", "-d", "--wait", "--progress", "plain"});
  ASSERT_EQ(up.status, 0) << up.err;
  std::ifstream fetched(dir_ / "out/row.txt");
  std::string row;
  std::getline(fetched, row);
  EXPECT_EQ(row, "stored");
  // --wait returns once stranger runs; its lookup may still be failing.
  EXPECT_TRUE(eventually([&] { return fs::exists(dir_ / "out/isolated"); }));
  EXPECT_FALSE(fs::exists(dir_ / "out/leak"));
  ASSERT_EQ(compose({"down", "-v"}).status, 0);
}

TEST_F(Stack, UpPullsAMissingImageFromItsRegistry) {
  LocalRegistry registry(fs::path(std::getenv("BERTH_SANDBOX")) / "registry");
  auto archive = (fs::path(std::getenv("BERTH_SANDBOX")) / "busybox.tar").string();
  ASSERT_EQ(berth({"save", "-o", archive, kBusyboxImage}).status, 0);
  std::string remote = registry.address() + "/shop/busybox:1";
  auto pushed = run_command({"skopeo", "copy", "--quiet", "--dest-tls-verify=false",
                             "oci-archive:" + archive, "docker://" + remote});
  ASSERT_EQ(pushed.status, 0) << pushed.err;

  std::string stack = kShopStack;
  for (size_t at; (at = stack.find(kBusyboxImage)) != std::string::npos;)
    stack.replace(at, std::string(kBusyboxImage).size(), remote);
  write_stack(stack);
  auto up = compose({"up", "-d", "--wait", "--progress", "plain"});
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_NE(up.err.find("Pulled"), std::string::npos) << up.err;
  EXPECT_EQ(fetch_index(), "hello from web\n");
  ASSERT_EQ(compose({"down", "-v"}).status, 0);

  auto never = compose({"up", "-d", "--pull", "never"});
  EXPECT_EQ(never.status, 0) << never.err;  // pulled once, now in the store
  ASSERT_EQ(compose({"down", "-v"}).status, 0);
}

}  // namespace
}  // namespace berth::testing

// End to end: one-off containers (`run`), `create`, `scale`, and the flags of
// down/ps/up that act on them, through the real binary inside the sandbox.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli/leak_check_fixture.h"
#include "support/berth_cli.h"
#include "support/http_get.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

const char* kStack = R"(name: oneoff
services:
  db:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "1000"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 100ms
  app:
    image: localhost/test/busybox:1
    init: true
    command: ["sh", "-c", "echo service command"]
    environment:
      GREETING: hello
    working_dir: /etc
    shm_size: 128m
    restart: always
    ports:
      - "127.0.0.1:18091:80"
    volumes:
      - /scratch
    depends_on:
      db:
        condition: service_healthy
)";

// Two long-running services, web after db, for create, scale and the flags of 3.
const char* kPairStack = R"(name: pair
services:
  db:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "1000"]
    environment:
      SETTING: first
    volumes:
      - /anonymous
  web:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "1000"]
    depends_on: [db]
)";

class Run : public LeakCheck {
 protected:
  void SetUp() override {
    LeakCheck::SetUp();
    dir_ = sandbox_ / "oneoff";
    fs::create_directories(dir_);
    std::ofstream(file()) << kStack;
  }
  void TearDown() override { compose({"down", "-v", "-t", "0", "--remove-orphans"}); }

  fs::path file() const { return dir_ / "compose.yaml"; }
  CommandResult compose(std::vector<std::string> args) {
    return testing::compose(file(), std::move(args));
  }
  // The ps -a objects of the stack whose name starts with `prefix`.
  std::vector<nlohmann::json> listed(const std::string& prefix) {
    std::vector<nlohmann::json> found;
    for (auto& container : ps_json(file()))
      if (container["Name"].get<std::string>().rfind(prefix, 0) == 0) found.push_back(container);
    return found;
  }

  fs::path dir_;
};

class Pair : public Run {
 protected:
  void SetUp() override {
    Run::SetUp();
    std::ofstream(file()) << kPairStack;
  }
  // Container name -> state, of every container of the stack.
  std::map<std::string, std::string> states() {
    std::map<std::string, std::string> by_name;
    for (auto& container : ps_json(file()))
      by_name[container["Name"].get<std::string>()] = container["State"].get<std::string>();
    return by_name;
  }
  std::string label_of(const std::string& name, const std::string& label) {
    for (auto& container : ps_json(file()))
      if (container["Name"] == name) {
        auto labels = labels_of(container);
        return labels.count(label) ? labels[label] : "";
      }
    return "missing";
  }
};

TEST_F(Run, PassesTheCommandsExitCodeAndOutputThrough) {
  auto result = compose(
      {"run", "--rm", "--no-deps", "-T", "app", "sh", "-c", "echo out; echo err >&2; exit 7"});
  EXPECT_EQ(result.status, 7) << result.err;
  EXPECT_EQ(result.out, "out\n");
  EXPECT_NE(result.err.find("err\n"), std::string::npos) << result.err;
}

// Bit 13 is CAP_NET_RAW (in docker's default set), bit 25 CAP_SYS_TIME (not in it).
TEST_F(Run, CapAddAndCapDropChangeTheDefaultSet) {
  auto effective = [&](std::vector<std::string> flags) {
    std::vector<std::string> args = {"run", "--rm", "--no-deps", "-T"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.insert(args.end(), {"app", "sh", "-c", "grep CapEff /proc/self/status | cut -f2"});
    auto result = compose(args);
    EXPECT_EQ(result.status, 0) << result.err;
    return std::stoull(result.out, nullptr, 16);
  };
  auto defaults = effective({});
  EXPECT_TRUE(defaults & (1ULL << 13));
  EXPECT_FALSE(defaults & (1ULL << 25));
  auto changed = effective({"--cap-drop", "NET_RAW", "--cap-add", "SYS_TIME"});
  EXPECT_EQ(changed, (defaults & ~(1ULL << 13)) | (1ULL << 25));
}

TEST_F(Run, RemoveOrphansRemovesContainersOfServicesNoLongerInTheStack) {
  ASSERT_EQ(compose({"up", "-d", "db"}).status, 0);
  std::string without_db = kStack;
  without_db.replace(without_db.find("  db:"), without_db.find("  app:") - without_db.find("  db:"),
                     "");
  without_db.replace(without_db.find("    depends_on:"), std::string::npos, "");
  std::ofstream(file()) << without_db;
  auto kept = compose({"run", "--rm", "-T", "app", "true"});
  EXPECT_EQ(kept.status, 0) << kept.err;
  EXPECT_EQ(listed("oneoff-db-").size(), 1u);
  auto removed = compose({"run", "--rm", "-T", "--remove-orphans", "app", "true"});
  EXPECT_EQ(removed.status, 0) << removed.err;
  EXPECT_EQ(listed("oneoff-db-").size(), 0u);
}

TEST_F(Run, ShmSizeSizesDevShm) {
  auto result = compose({"run", "--rm", "--no-deps", "-T", "app", "sh", "-c",
                         "df -k /dev/shm | tail -1 | awk '{print $2}'"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "131072\n");
}

TEST_F(Run, OverridesEnvironmentEntrypointWorkdirAndUser) {
  auto env = compose({"run", "--rm", "--no-deps", "-T", "-e", "EXTRA=more", "-e", "GREETING=hi",
                      "app", "sh", "-c", "echo $GREETING $EXTRA $(pwd)"});
  EXPECT_EQ(env.status, 0) << env.err;
  EXPECT_EQ(env.out, "hi more /etc\n");

  auto entrypoint = compose({"run", "--rm", "--no-deps", "-T", "--entrypoint", "echo from entry",
                             "-w", "/tmp", "-u", "1234:5678", "app"});
  EXPECT_EQ(entrypoint.status, 0) << entrypoint.err;
  EXPECT_EQ(entrypoint.out, "from entry\n");

  auto identity = compose({"run", "--rm", "--no-deps", "-T", "-w", "/tmp", "-u", "1234:5678", "app",
                           "sh", "-c", "echo $(pwd) $(id -u) $(id -g)"});
  EXPECT_EQ(identity.status, 0) << identity.err;
  EXPECT_EQ(identity.out, "/tmp 1234 5678\n");
}

TEST_F(Run, ForwardsStandardInput) {
  auto piped = run_command({"sh", "-c", "echo typed | \"$0\" \"$@\"", BERTH_BINARY, "run", "--file",
                            file().string(), "--rm", "--no-deps", "-T", "app", "cat"});
  EXPECT_EQ(piped.status, 0) << piped.err;
  EXPECT_EQ(piped.out, "typed\n");
}

TEST_F(Run, GivesATerminalWhenStdinIsOneUnlessNoTty) {
  // script(1) runs the command on a fresh pseudo-terminal, as a user's shell would.
  // The container's terminal is one of its own /dev/pts, as docker's, sized as
  // the user's. Without one (-T) the output goes through pipes, and stdin stays
  // as it is.
  auto on_terminal = [&](const std::string& flags) {
    std::string command = "stty rows 33 cols 77; " + std::string(BERTH_BINARY) + " run --file " +
                          file().string() + " --rm --no-deps " + flags +
                          " app sh -c 'test -t 1 && tty && stty size || echo plain'";
    return run_command({"script", "-qec", command, "/dev/null"});
  };
  auto tty = on_terminal("");
  EXPECT_EQ(tty.status, 0) << tty.err;
  EXPECT_NE(tty.out.find("/dev/pts/0"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("33 77"), std::string::npos) << tty.out;
  auto plain = on_terminal("-T");
  EXPECT_EQ(plain.status, 0) << plain.err;
  EXPECT_NE(plain.out.find("plain"), std::string::npos) << plain.out;
}

TEST_F(Run, StartsDependenciesGatedUnlessNoDeps) {
  auto alone = compose({"run", "--rm", "--no-deps", "-T", "app", "true"});
  ASSERT_EQ(alone.status, 0) << alone.err;
  EXPECT_TRUE(listed("oneoff-db-").empty());

  auto gated = compose({"run", "--rm", "-T", "app", "true"});
  ASSERT_EQ(gated.status, 0) << gated.err;
  auto db = listed("oneoff-db-1");
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0]["State"], "running");
  EXPECT_EQ(db[0]["Health"], "healthy");
  EXPECT_TRUE(listed("oneoff-app-1").empty()) << "run creates no service container";
}

TEST_F(Run, NamesAndLabelsOneOffContainersLikeCompose) {
  auto detached = compose({"run", "-d", "--no-deps", "-l", "team=qa", "app", "sleep", "100"});
  ASSERT_EQ(detached.status, 0) << detached.err;
  std::string name = detached.out.substr(0, detached.out.find('\n'));
  EXPECT_TRUE(std::regex_match(name, std::regex("oneoff-app-run-[0-9a-f]{12}"))) << name;

  auto containers = listed(name);
  ASSERT_EQ(containers.size(), 1u);
  auto labels = labels_of(containers[0]);
  EXPECT_EQ(labels["com.docker.compose.oneoff"], "True");
  EXPECT_EQ(labels["com.docker.compose.service"], "app");
  EXPECT_EQ(labels["com.docker.compose.project"], "oneoff");
  EXPECT_EQ(labels["com.docker.compose.slug"].substr(0, 12), name.substr(name.size() - 12));
  EXPECT_EQ(labels["team"], "qa");

  // Like compose: ps lists one-offs only with -a; up leaves them alone.
  ASSERT_EQ(compose({"up", "-d", "--wait", "db"}).status, 0);
  auto running = compose({"ps", "--format", "json"});
  EXPECT_EQ(running.out.find(name), std::string::npos) << running.out;
  auto db = listed("oneoff-db-1");
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(labels_of(db[0])["com.docker.compose.oneoff"], "False");
  EXPECT_EQ(listed(name).size(), 1u);

  auto named = compose({"run", "-d", "--no-deps", "--name", "chosen", "app", "sleep", "100"});
  ASSERT_EQ(named.status, 0) << named.err;
  EXPECT_EQ(named.out, "chosen\n");
  auto twice = compose({"run", "-d", "--no-deps", "--name", "chosen", "app", "true"});
  EXPECT_NE(twice.status, 0);
  EXPECT_NE(twice.err.find("chosen"), std::string::npos) << twice.err;
}

TEST_F(Run, PublishesPortsOnlyWhenAsked) {
  const char* serve = "echo served > /tmp/index.html; exec httpd -f -p 80 -h /tmp";
  auto plain = compose({"run", "-d", "--no-deps", "app", "sh", "-c", serve});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_FALSE(http_get("127.0.0.1", 18091, "/index.html"));
  ASSERT_EQ(compose({"down", "-t", "0", "--remove-orphans"}).status, 0);

  auto published = compose({"run", "-d", "--no-deps", "--service-ports", "app", "sh", "-c", serve});
  ASSERT_EQ(published.status, 0) << published.err;
  EXPECT_EQ(http_get_when_listening("127.0.0.1", 18091, "/index.html"), "served\n");

  auto extra =
      compose({"run", "-d", "--no-deps", "-p", "127.0.0.1:18092:80", "app", "sh", "-c", serve});
  ASSERT_EQ(extra.status, 0) << extra.err;
  EXPECT_EQ(http_get_when_listening("127.0.0.1", 18092, "/index.html"), "served\n");
}

TEST_F(Run, RemoveLeavesNothingBehind) {
  auto result = compose({"run", "--rm", "--no-deps", "-T", "-v", "/extra", "app", "true"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(listed("oneoff-app-run-").empty());
  auto rows = run_command({"sqlite3", state_db().string(), "SELECT name FROM containers"});
  EXPECT_EQ(rows.out, "");
  auto volumes = berth({"volume", "ls", "-q"});
  EXPECT_EQ(volumes.out, "") << "its anonymous volumes go with it";
  EXPECT_EQ(stray_mounts(), std::vector<std::string>{});
  EXPECT_EQ(stray_cgroups(), std::vector<std::string>{});
  // The network stays (as compose's does) and with it the DNS helper, nothing else.
  auto processes = stray_processes();
  std::erase_if(processes, [](const std::string& process) {
    return process.find("berth-dns") != std::string::npos;
  });
  EXPECT_EQ(processes, std::vector<std::string>{});

  auto failed = compose({"run", "--rm", "--no-deps", "-T", "app", "sh", "-c", "exit 3"});
  EXPECT_EQ(failed.status, 3);
  EXPECT_TRUE(listed("oneoff-app-run-").empty());

  ASSERT_EQ(compose({"down", "-v", "-t", "0"}).status, 0);
  expect_nothing_left({file()}, "after run --rm and down");
}

TEST_F(Run, RejectsBadInputBeforeMakingAnything) {
  auto unknown = compose({"run", "--rm", "nosuch", "true"});
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.err.find("nosuch"), std::string::npos) << unknown.err;
  auto volume = compose({"run", "--rm", "--no-deps", "-v", "undeclared:/x", "app", "true"});
  EXPECT_NE(volume.status, 0);
  EXPECT_NE(volume.err.find("undeclared"), std::string::npos) << volume.err;
  EXPECT_NE(compose({"run", "-d", "--rm", "app", "true"}).status, 0);
  EXPECT_TRUE(ps_json(file()).empty());
}

TEST_F(Run, RmRemovesOneOffsToo) {
  ASSERT_EQ(compose({"run", "--no-deps", "-T", "app", "true"}).status, 0);
  auto detached = compose({"run", "-d", "--no-deps", "app", "sleep", "100"});
  ASSERT_EQ(detached.status, 0) << detached.err;
  ASSERT_EQ(listed("oneoff-app-run-").size(), 2u);
  ASSERT_EQ(compose({"rm", "-f"}).status, 0);
  auto left = listed("oneoff-app-run-");
  ASSERT_EQ(left.size(), 1u) << "rm leaves the running one";
  EXPECT_EQ(left[0]["State"], "running");
  ASSERT_EQ(compose({"rm", "-f", "-s"}).status, 0);
  EXPECT_TRUE(listed("oneoff-app-run-").empty());
}

TEST_F(Run, DownKeepsOneOffsUnlessRemoveOrphans) {
  auto detached = compose({"run", "-d", "--no-deps", "app", "sleep", "100"});
  ASSERT_EQ(detached.status, 0) << detached.err;
  std::string name = detached.out.substr(0, detached.out.find('\n'));
  ASSERT_EQ(compose({"down", "-t", "0"}).status, 0);
  EXPECT_EQ(listed(name).size(), 1u) << "compose's down leaves run containers";
  ASSERT_EQ(compose({"down", "-t", "0", "--remove-orphans"}).status, 0);
  EXPECT_TRUE(ps_json(file()).empty());
  expect_nothing_left({file()}, "after down --remove-orphans");
}

TEST_F(Pair, UseAliasesMakesTheOneOffAnswerToTheServiceName) {
  const std::vector<std::string> probe = {
      "run",       "--rm",
      "--no-deps", "-T",
      "db",        "sh",
      "-c",        "ping -c1 -W1 web >/dev/null 2>&1 && echo reached || echo unknown"};
  auto plain = compose({"run", "-d", "web", "sleep", "1000"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(compose(probe).out, "unknown\n");  // a one-off answers to its own name only

  auto aliased = compose({"run", "-d", "--use-aliases", "web", "sleep", "1000"});
  ASSERT_EQ(aliased.status, 0) << aliased.err;
  EXPECT_EQ(compose(probe).out, "reached\n");
}

TEST_F(Pair, ImageRmIsRefusedWhileAContainerUsesTheImage) {
  ASSERT_EQ(compose({"up", "-d"}).status, 0);
  ASSERT_EQ(berth({"image", "tag", kBusyboxImage, "localhost/test/extra:1"}).status, 0);
  auto untagged = berth({"image", "rm", "localhost/test/extra:1"});
  EXPECT_EQ(untagged.status, 0) << untagged.err;  // another name stays: nothing is deleted
  EXPECT_EQ(untagged.out, "Untagged: localhost/test/extra:1\n");

  auto running = berth({"image", "rm", "-f", kBusyboxImage});
  EXPECT_NE(running.status, 0);
  EXPECT_NE(running.err.find("used by running container pair-"), std::string::npos) << running.err;
  ASSERT_EQ(compose({"stop", "-t", "0"}).status, 0);
  auto stopped = berth({"image", "rm", kBusyboxImage});
  EXPECT_NE(stopped.status, 0);
  EXPECT_NE(stopped.err.find("(remove it first, or use -f)"), std::string::npos) << stopped.err;
  EXPECT_EQ(berth({"images", "-q"}).out.empty(), false);
  auto forced = berth({"image", "rm", "-f", kBusyboxImage});
  EXPECT_EQ(forced.status, 0) << forced.err;
  EXPECT_NE(forced.out.find("Deleted: sha256:"), std::string::npos) << forced.out;
}

TEST_F(Pair, CreateMakesContainersWithoutStartingThem) {
  auto created = compose({"create", "--progress", "plain"});
  ASSERT_EQ(created.status, 0) << created.err;
  using States = std::map<std::string, std::string>;
  EXPECT_EQ(states(), (States{{"pair-db-1", "created"}, {"pair-web-1", "created"}}));

  auto again = compose({"create", "--progress", "plain"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.err.find("Recreate"), std::string::npos) << again.err;
  auto forced = compose({"create", "--force-recreate", "--progress", "plain", "db"});
  ASSERT_EQ(forced.status, 0) << forced.err;
  EXPECT_NE(forced.err.find("Recreate"), std::string::npos) << forced.err;
  EXPECT_EQ(forced.err.find("pair-web-1"), std::string::npos) << "only the named service";

  // A changed service: --no-recreate keeps the old container, create replaces it.
  auto hash = label_of("pair-db-1", "com.docker.compose.config-hash");
  std::string changed = kPairStack;
  changed.replace(changed.find("first"), 5, "second");
  std::ofstream(file()) << changed;
  ASSERT_EQ(compose({"create", "--no-recreate"}).status, 0);
  EXPECT_EQ(label_of("pair-db-1", "com.docker.compose.config-hash"), hash);
  ASSERT_EQ(compose({"create", "--scale", "web=2", "--pull", "never"}).status, 0);
  EXPECT_NE(label_of("pair-db-1", "com.docker.compose.config-hash"), hash);
  EXPECT_EQ(
      states(),
      (States{{"pair-db-1", "created"}, {"pair-web-1", "created"}, {"pair-web-2", "created"}}));

  ASSERT_EQ(compose({"up", "-d", "--wait", "--scale", "web=2"}).status, 0);
  EXPECT_EQ(
      states(),
      (States{{"pair-db-1", "running"}, {"pair-web-1", "running"}, {"pair-web-2", "running"}}));
  EXPECT_NE(compose({"create", "--force-recreate", "--no-recreate"}).status, 0);
  EXPECT_NE(compose({"create", "--scale", "web"}).status, 0);
}

TEST_F(Pair, ScaleSetsReplicasAndStartsDependenciesUnlessNoDeps) {
  using States = std::map<std::string, std::string>;
  auto alone = compose({"scale", "--no-deps", "web=2"});
  ASSERT_EQ(alone.status, 0) << alone.err;
  EXPECT_EQ(states(), (States{{"pair-web-1", "running"}, {"pair-web-2", "running"}}));

  ASSERT_EQ(compose({"scale", "web=3"}).status, 0);
  EXPECT_EQ(states(), (States{{"pair-db-1", "running"},
                              {"pair-web-1", "running"},
                              {"pair-web-2", "running"},
                              {"pair-web-3", "running"}}));
  ASSERT_EQ(compose({"scale", "web=1", "db=2"}).status, 0);
  EXPECT_EQ(
      states(),
      (States{{"pair-db-1", "running"}, {"pair-db-2", "running"}, {"pair-web-1", "running"}}));
  ASSERT_EQ(compose({"scale", "web=0"}).status, 0);
  EXPECT_FALSE(states().count("pair-web-1"));

  auto unknown = compose({"scale", "nosuch=2"});
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.err.find("nosuch"), std::string::npos) << unknown.err;
  EXPECT_NE(compose({"scale", "web=-1"}).status, 0);
  EXPECT_NE(compose({"scale", "web"}).status, 0);
}

TEST_F(Pair, PsSelectsByStatus) {
  ASSERT_EQ(compose({"create"}).status, 0);
  ASSERT_EQ(compose({"up", "-d", "--wait", "--no-deps", "db"}).status, 0);
  // -q lists full container ids, as compose does; ps's ID column is their start.
  std::map<std::string, std::string> short_ids;
  for (const auto& container : ps_json(file())) short_ids[container["Name"]] = container["ID"];
  auto ids = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"ps", "-q"});
    std::string names;
    for (const auto& id : lines_of(compose(args).out)) {
      EXPECT_EQ(id.size(), 64u) << id;
      for (const auto& [name, short_id] : short_ids)
        if (id.substr(0, 12) == short_id) names += name + "\n";
    }
    return names;
  };
  EXPECT_EQ(ids({"--status", "running"}), "pair-db-1\n");
  EXPECT_EQ(ids({"--status", "created"}), "pair-web-1\n");
  EXPECT_EQ(ids({"--filter", "status=created"}), "pair-web-1\n");
  EXPECT_EQ(ids({"--status", "created", "--status", "running"}), "pair-db-1\npair-web-1\n");
  EXPECT_EQ(compose({"ps", "-q", "--status", "exited"}).out, "");
  auto bad_state = compose({"ps", "--status", "sleeping"});
  EXPECT_NE(bad_state.status, 0);
  EXPECT_NE(bad_state.err.find("sleeping"), std::string::npos) << bad_state.err;
  EXPECT_NE(compose({"ps", "--filter", "name=db"}).status, 0);
}

TEST_F(Pair, AlwaysRecreateDepsRecreatesOnlyTheDependencies) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  auto plain = compose({"up", "-d", "--progress", "plain", "web"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(plain.err.find("Recreate"), std::string::npos) << plain.err;

  auto deps = compose({"up", "-d", "--always-recreate-deps", "--progress", "plain", "web"});
  ASSERT_EQ(deps.status, 0) << deps.err;
  EXPECT_NE(deps.err.find("pair-db-1  Recreate"), std::string::npos) << deps.err;
  EXPECT_EQ(deps.err.find("pair-web-1  Recreate"), std::string::npos) << deps.err;

  auto forced = compose({"up", "-d", "--force-recreate", "--progress", "plain", "web"});
  ASSERT_EQ(forced.status, 0) << forced.err;
  EXPECT_EQ(forced.err.find("pair-db-1  Recreate"), std::string::npos) << forced.err;
  EXPECT_NE(forced.err.find("pair-web-1  Recreate"), std::string::npos) << forced.err;
  EXPECT_NE(compose({"up", "-d", "--always-recreate-deps", "--no-recreate"}).status, 0);
}

TEST_F(Pair, RenewAnonVolumesGivesRecreatedContainersFreshOnes) {
  ASSERT_EQ(compose({"up", "-d", "--wait", "db"}).status, 0);
  ASSERT_EQ(compose({"exec", "-T", "db", "touch", "/anonymous/mark"}).status, 0);
  ASSERT_EQ(compose({"up", "-d", "--wait", "--force-recreate", "db"}).status, 0);
  EXPECT_EQ(compose({"exec", "-T", "db", "test", "-e", "/anonymous/mark"}).status, 0)
      << "a recreated container keeps its anonymous volume";
  ASSERT_EQ(compose({"up", "-d", "--wait", "--force-recreate", "-V", "db"}).status, 0);
  EXPECT_NE(compose({"exec", "-T", "db", "test", "-e", "/anonymous/mark"}).status, 0)
      << "-V gives it a new one";
}

TEST_F(Pair, DownRmiRemovesLocalOrAllImagesNotInUse) {
  std::string stack = kPairStack;
  stack += "  tool:\n    build: .\n";
  std::ofstream(file()) << stack;
  ASSERT_EQ(berth({"image", "tag", kBusyboxImage, "pair-tool"}).status, 0);
  auto image_names = [] { return berth({"images"}).out; };

  ASSERT_EQ(compose({"up", "-d", "--wait", "db"}).status, 0);
  auto local = compose({"down", "-t", "0", "--rmi", "local"});
  ASSERT_EQ(local.status, 0) << local.err;
  EXPECT_EQ(image_names().find("pair-tool"), std::string::npos) << image_names();
  EXPECT_NE(image_names().find("test/busybox"), std::string::npos) << image_names();

  // Another project's container keeps the image it uses.
  auto other = sandbox_ / "other" / "compose.yaml";
  fs::create_directories(other.parent_path());
  std::ofstream(other) << "name: other\nservices:\n  keep:\n    image: " << kBusyboxImage
                       << "\n    command: [\"sleep\", \"1000\"]\n";
  ASSERT_EQ(testing::compose(other, {"up", "-d", "--wait"}).status, 0);
  ASSERT_EQ(compose({"up", "-d", "--wait", "db"}).status, 0);
  auto kept = compose({"down", "-t", "0", "--rmi", "all"});
  ASSERT_EQ(kept.status, 0) << kept.err;
  EXPECT_NE(image_names().find("test/busybox"), std::string::npos) << image_names();
  EXPECT_NE(kept.err.find("other-keep-1"), std::string::npos) << kept.err;

  ASSERT_EQ(testing::compose(other, {"down", "-t", "0"}).status, 0);
  auto all = compose({"down", "--rmi", "all"});
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_EQ(image_names().find("test/busybox"), std::string::npos) << image_names();
  EXPECT_NE(compose({"down", "--rmi", "some"}).status, 0);
}

}  // namespace
}  // namespace berth::testing

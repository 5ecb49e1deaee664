// tty and stdin_open through the real binary: containers that wait on their
// input stay up, and `attach` types into them.
#include <gtest/gtest.h>

#include "compose_stack_fixture.h"
#include "support/run_command.h"

namespace berth::testing {
namespace {

const char* kInteractiveStack = R"(name: interactive
services:
  terminal:
    image: localhost/test/busybox:1
    tty: true
    stdin_open: true
    command: ["sh", "-c", "[ -t 0 ] && echo stdin-is-a-terminal; tty; exec sh"]
  plain:
    image: localhost/test/busybox:1
    stdin_open: true
    command: ["sh"]
  ttyonly:
    image: localhost/test/busybox:1
    tty: true
    command: ["sh"]
)";

class AttachStdin : public ComposeStackTest {
 protected:
  void SetUp() override { write_stack("interactive", kInteractiveStack); }
  void TearDown() override { compose({"down", "-t", "0"}); }

  // `attach` with `input` on its stdin.
  CommandResult attach_with_input(const std::string& service, const std::string& input) {
    return run_command({"sh", "-c",
                        "printf '" + input + "' | " + BERTH_BINARY + " -f " +
                            (dir_ / "compose.yaml").string() + " attach " + service});
  }
  std::string status_of(const std::string& container) {
    for (const auto& entry : ps_json(dir_ / "compose.yaml"))
      if (entry["Name"] == container) return entry["State"];
    return "(none)";
  }
};

TEST_F(AttachStdin, ContainersWaitingOnTheirInputStayUp) {
  auto up = compose({"up", "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_EQ(status_of("interactive-terminal-1"), "running");
  EXPECT_EQ(status_of("interactive-plain-1"), "running");
  EXPECT_EQ(status_of("interactive-ttyonly-1"), "running");
  auto logs = compose({"logs", "--no-log-prefix", "terminal"});
  EXPECT_NE(logs.out.find("stdin-is-a-terminal"), std::string::npos) << logs.out;
  // One of the container's own terminals, as docker's: ttyname works inside.
  EXPECT_NE(logs.out.find("/dev/pts/0"), std::string::npos) << logs.out;
}

// `attach` on a terminal (script(1) gives one) sizes the container's terminal as
// the user's.
TEST_F(AttachStdin, AttachOnATerminalSizesTheContainersTerminal) {
  ASSERT_EQ(compose({"up", "-d", "--wait", "terminal"}).status, 0);
  std::string attach =
      std::string(BERTH_BINARY) + " -f " + (dir_ / "compose.yaml").string() + " attach terminal";
  auto attached = run_command(
      {"sh", "-c",
       "(sleep 1; printf 'stty size\\nexit 6\\n') | script -qec 'stty rows 31 cols 91; " + attach +
           "' /dev/null"});
  EXPECT_EQ(attached.status, 6) << attached.out << attached.err;
  EXPECT_NE(attached.out.find("31 91"), std::string::npos) << attached.out;
}

TEST_F(AttachStdin, AttachTypesIntoTheContainerAndPassesItsExitCode) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  auto plain = attach_with_input("plain", "echo typed-into-plain\\nexit 4\\n");
  EXPECT_EQ(plain.status, 4) << plain.err;
  EXPECT_EQ(plain.out, "typed-into-plain\n");
  auto terminal = attach_with_input("terminal", "echo typed-into-terminal\\nexit 5\\n");
  EXPECT_EQ(terminal.status, 5) << terminal.err;
  EXPECT_NE(terminal.out.find("typed-into-terminal\r\n"), std::string::npos) << terminal.out;
}

TEST_F(AttachStdin, DetachKeysLeaveTheContainerRunningAndItsStdinOpen) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  auto detached = attach_with_input("plain", "echo before-detach\\n\\020\\021");
  EXPECT_EQ(detached.status, 0) << detached.err;
  EXPECT_EQ(status_of("interactive-plain-1"), "running");
  // The input of the first attach went in; a second one still reaches it.
  auto again = attach_with_input("plain", "echo second-attach\\nexit 0\\n");
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out, "second-attach\n");
  auto logs = compose({"logs", "--no-log-prefix", "plain"});
  EXPECT_NE(logs.out.find("before-detach"), std::string::npos) << logs.out;
}

TEST_F(AttachStdin, ARestartedContainerTakesInputAgain) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  ASSERT_EQ(compose({"restart", "-t", "0", "plain"}).status, 0);
  auto attached = attach_with_input("plain", "echo after-restart\\nexit 0\\n");
  EXPECT_EQ(attached.status, 0) << attached.err;
  EXPECT_EQ(attached.out, "after-restart\n");
}

}  // namespace
}  // namespace berth::testing

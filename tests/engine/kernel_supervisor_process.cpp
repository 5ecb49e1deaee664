// The engine recognises the supervisors it stops and collects by their
// command line, whichever way their first run was made.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/supervisor_process.h"
#include "runtime/supervised_container.h"
#include "util/unique_fd.h"

namespace berth::engine {
namespace {

using namespace runtime::testing;

TEST(VerifiedSupervisor, RecognisesADetachedAndAnAttachedFirstRun) {
  use_built_supervisor();
  auto detached = container_dir("verified-detached");
  auto attached = container_dir("verified-attached");
  runtime::start_container(shell_spec("verified-detached", "exec sleep 60"), detached);
  UniqueFd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
  runtime::start_container(shell_spec("verified-attached", "exec sleep 60"), attached,
                           runtime::StdioFds{null_fd.get(), null_fd.get(), null_fd.get(), false});

  EXPECT_EQ(verified_supervisor(detached), runtime::find_supervisor(detached));
  EXPECT_TRUE(verified_supervisor(attached).has_value());
  EXPECT_EQ(verified_supervisor(attached), runtime::find_supervisor(attached));
  EXPECT_FALSE(verified_supervisor(container_dir("verified-none")).has_value());

  runtime::stop_container(attached, 0);
  runtime::stop_container(detached, 0);
  EXPECT_FALSE(verified_supervisor(attached).has_value());
}

}  // namespace
}  // namespace berth::engine

// berth-sandbox CMD [ARG...]: runs a command in a throwaway kernel sandbox (see
// sandbox.h). Exit status: the command's, 77 when not root (ctest's "skipped"),
// 125 when the sandbox itself could not be built.
#include <unistd.h>

#include <cstdio>

#include "sandbox.h"
#include "util/error.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: berth-sandbox CMD [ARG...]\n");
    return 2;
  }
  if (::geteuid() != 0) {
    std::fprintf(stderr, "berth-sandbox: kernel tests need root; skipping\n");
    return 77;
  }
  berth::testing::SandboxPlan plan;
  int status = 125;
  try {
    plan = berth::testing::plan_sandbox({argv + 1, argv + argc});
    status = berth::testing::run_sandbox(plan);
  } catch (const berth::Error& e) {
    std::fprintf(stderr, "berth-sandbox: %s\n", e.what());
  }
  berth::testing::clean_up_sandbox(plan);
  return status;
}

#pragma once

namespace berth::runtime {

// `init: true`: runs argv as its only child, forwards every signal it receives to it,
// reaps every zombie re-parented to it, and exits with the child's status.
int run_tiny_init(char** argv);

}  // namespace berth::runtime

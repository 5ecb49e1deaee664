#pragma once

namespace berth::runtime {

// Drops this executable's read-only segments (code and constants) from the
// process's resident set. The supervisor and the init touch most of their code
// once, to start a container, and then wait in a small loop; without this the
// whole start-up path stays counted in every supervisor's RSS (and in the
// container's memory, for the init). The pages stay in the page cache and
// come back on a minor fault when that code runs again. Writable segments,
// RELRO included, are never touched: their pages may differ from the file.
void release_read_only_segments();

// How long after the start the release waits: it is housekeeping, kept out of
// the work of an `up` that starts many containers at once (CPU-bound), and
// done once that has likely settled.
inline constexpr int kReleaseDelayMs = 1000;

}  // namespace berth::runtime

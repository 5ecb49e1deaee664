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

}  // namespace berth::runtime

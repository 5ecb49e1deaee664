#include "runtime/resident_pages.h"

#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace berth::runtime {

namespace {

int release_segments_of_executable(dl_phdr_info* info, size_t, void*) {
  // The executable comes first and has no name; libraries and the vDSO do.
  if (info->dlpi_name && info->dlpi_name[0] != '\0') return 0;
  auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const auto& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD || (segment.p_flags & PF_W)) continue;
    std::uintptr_t start = info->dlpi_addr + segment.p_vaddr;
    std::uintptr_t end = start + segment.p_memsz;
    start &= ~(page - 1);
    end = (end + page - 1) & ~(page - 1);
    ::madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
  }
  return 1;  // only the executable
}

}  // namespace

void release_read_only_segments() { ::dl_iterate_phdr(release_segments_of_executable, nullptr); }

}  // namespace berth::runtime

#include "engine/container_copy.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/container_lifecycle.h"
#include "engine/copy_plan.h"
#include "runtime/container_view.h"
#include "runtime/spec_json.h"
#include "runtime/supervisor.h"
#include "storage/libarchive_api.h"
#include "storage/tree_archive.h"
#include "util/error.h"

namespace berth::engine {

namespace {
PathKind kind_of(const std::string& path, bool follow) {
  struct stat info {};
  if ((follow ? ::stat(path.c_str(), &info) : ::lstat(path.c_str(), &info)) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return PathKind::missing;
    throw_errno("cannot look at", path);
  }
  return S_ISDIR(info.st_mode) ? PathKind::directory : PathKind::other;
}

std::string to_text(PathKind kind) { return std::to_string(static_cast<int>(kind)); }
PathKind from_text(const std::string& text) { return static_cast<PathKind>(std::stoi(text)); }

// The container's spec and its running process (0 when stopped), for its file view.
struct ContainerView {
  runtime::ContainerSpec spec;
  pid_t pid = 0;
};

// The copying side runs in the container's root, where the host's libarchive
// cannot be opened: it is loaded first, here.
ContainerView view_of(EngineContext& context, const ContainerRecord& container) {
  storage::libarchive();
  auto dir = context.runtime_dir(container.name).string();
  auto state = container_status(context, container.name);
  if (state.status == "missing") throw Error("container has no files to copy", container.name);
  return {runtime::read_spec_file(runtime::ContainerFiles{dir}.spec()),
          is_running(state) ? state.pid : 0};
}

PathKind kind_in(const ContainerView& view, const std::string& path, bool follow) {
  runtime::ContainerViewProcess probe(view.spec, view.pid,
                                      [&] { return to_text(kind_of(path, follow)); });
  return from_text(probe.wait());
}

struct Pipe {
  UniqueFd read, write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("cannot create pipe");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// Runs this side's half of a copy while the view process runs the other, then closes
// this side's end of the pipe so the other cannot block on it. When both fail, the
// writer's failure is the cause: the reader then only saw the stream end early.
void run_beside(runtime::ContainerViewProcess& other, bool other_writes, UniqueFd& own_end,
                const std::function<void()>& own) {
  std::exception_ptr own_error;
  try {
    own();
  } catch (const std::exception&) {
    own_error = std::current_exception();
  }
  own_end.reset();
  if (own_error && !other_writes) {
    try {
      other.wait();
    } catch (const std::exception&) {
    }
    std::rethrow_exception(own_error);
  }
  other.wait();
  if (own_error) std::rethrow_exception(own_error);
}

// A copy whose reader went away reports that, rather than dying of SIGPIPE.
struct IgnoreBrokenPipe {
  IgnoreBrokenPipe() { previous = ::signal(SIGPIPE, SIG_IGN); }
  ~IgnoreBrokenPipe() { ::signal(SIGPIPE, previous); }
  sighandler_t previous;
};

// Who owns a copy on the host: the caller, or with -a the owners the container
// sees (its user namespace's ids, when it has one).
storage::ArchiveOwners owners_on_host(const ContainerRecord& container, bool archive) {
  using storage::ArchiveOwners;
  if (!archive) return ArchiveOwners::all({::getuid(), ::getgid()});
  return container.userns ? ArchiveOwners::out_of_namespace(*container.userns)
                          : ArchiveOwners::as_archived();
}

// Who owns a copy in the container, as the host knows it: the container's root,
// or with -a the archive's owners as the container is to see them.
storage::ArchiveOwners owners_in_container(const ContainerRecord& container, bool archive) {
  using storage::ArchiveOwners;
  const auto& userns = container.userns;
  if (archive)
    return userns ? ArchiveOwners::into_namespace(*userns) : ArchiveOwners::as_archived();
  return ArchiveOwners::all(userns ? storage::ArchiveOwner{userns->host_uid, userns->host_gid}
                                   : storage::ArchiveOwner{0, 0});
}
}  // namespace

void copy_from_container(EngineContext& context, const ContainerRecord& container,
                         const std::string& source, const std::string& destination,
                         const CopyOptions& options) {
  auto view = view_of(context, container);
  auto source_kind = kind_in(view, source, options.follow_link);
  if (source_kind == PathKind::missing)
    throw Error("no such file or directory in " + container.name, source);
  if (destination == "-") {
    runtime::ContainerViewProcess writer(view.spec, view.pid, [&] {
      storage::write_tree_archive(source, streamed_top_name(source), options.follow_link, 1);
      return std::string();
    });
    writer.wait();
    return;
  }
  auto plan = plan_copy(source, source_kind, destination, kind_of(destination, true));
  auto pipe = make_pipe();
  IgnoreBrokenPipe ignore;
  runtime::ContainerViewProcess writer(view.spec, view.pid, [&] {
    pipe.read.reset();
    storage::write_tree_archive(source, plan.top_name, options.follow_link, pipe.write.get());
    return std::string();
  });
  pipe.write.reset();
  auto owners = owners_on_host(container, options.archive);
  // What the container made is not trusted on the host: a device node or a setuid file
  // there would hand its users the host's devices or root.
  run_beside(writer, true, pipe.read, [&] {
    storage::extract_archive(pipe.read.get(), plan.extract_dir, owners,
                             storage::SpecialFiles::dropped);
  });
}

void copy_to_container(EngineContext& context, const ContainerRecord& container,
                       const std::string& source, const std::string& destination,
                       const CopyOptions& options) {
  auto view = view_of(context, container);
  auto owners = owners_in_container(container, options.archive);
  auto destination_kind = kind_in(view, destination, true);
  if (source == "-") {
    if (destination_kind != PathKind::directory)
      throw Error("destination must be a directory in " + container.name, destination);
    runtime::ContainerViewProcess reader(view.spec, view.pid, [&] {
      storage::extract_archive(0, destination, owners);
      return std::string();
    });
    reader.wait();
    return;
  }
  auto plan =
      plan_copy(source, kind_of(source, options.follow_link), destination, destination_kind);
  auto pipe = make_pipe();
  IgnoreBrokenPipe ignore;
  runtime::ContainerViewProcess reader(view.spec, view.pid, [&] {
    pipe.write.reset();
    storage::extract_archive(pipe.read.get(), plan.extract_dir, owners);
    return std::string();
  });
  pipe.read.reset();
  run_beside(reader, false, pipe.write, [&] {
    storage::write_tree_archive(source, plan.top_name, options.follow_link, pipe.write.get());
  });
}

}  // namespace berth::engine

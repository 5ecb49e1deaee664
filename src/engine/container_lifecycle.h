#pragma once

#include <optional>
#include <string>

#include "engine/container_store.h"
#include "engine/engine_context.h"
#include "runtime/container_control.h"
#include "runtime/container_launch.h"
#include "runtime/container_state.h"
#include "spec/model.h"

namespace berth::engine {

// A new container whose supervisor builds it while its program waits for
// `start.start()`; dropped unstarted, it stays created.
struct PendingContainer {
  ContainerRecord record;
  runtime::PendingStart start;
};

// One container's life in the kernel: made of a pinned network namespace wired
// into its networks (or the host's, or another container's: network_mode), an
// overlay root, its mounts and a supervised process.
// The container's record is written before any kernel object, so a berth killed
// halfway leaves a record that `down` tears down; every teardown step tolerates
// objects that were never made.
class ContainerLifecycle {
 public:
  ContainerLifecycle(EngineContext& context, const spec::Project& project);

  // Creates the container (and starts it when `start`); returns its record. With
  // a slug it is a one-off (`run`) container: named by the service's container_name,
  // labelled oneoff, and not resolvable by the service's name.
  ContainerRecord create(const spec::Service& service, int number, const storage::Image& image,
                         const std::string& config_hash, bool start,
                         const std::string& oneoff_slug = {}, bool oneoff_aliases = false);
  // Creates a service container (not a one-off) to be started by the caller once
  // what it depends on runs: its supervisor builds it meanwhile.
  PendingContainer create_pending(const spec::Service& service, int number,
                                  const storage::Image& image, const std::string& config_hash);
  // Starts it unless it runs; `attach` hands the caller's streams to this run.
  void start(const ContainerRecord& record,
             const std::optional<runtime::StdioFds>& attach = std::nullopt);
  // Stops its processes (a no-op when none run).
  void stop(const ContainerRecord& record, std::optional<int> grace_ms);
  // Stops and removes everything the container holds; named volumes stay, and
  // its anonymous volumes go only when `remove_volumes`.
  void remove(const ContainerRecord& record, std::optional<int> grace_ms, bool remove_volumes);

 private:
  struct Built {
    ContainerRecord record;
    runtime::ContainerSpec spec;
  };
  // The record, the kernel objects and the spec of a new container.
  Built build(const spec::Service& service, int number, const storage::Image& image,
              const std::string& config_hash, const std::string& oneoff_slug, bool oneoff_aliases);
  // The network with the default route and the container's addresses there.
  struct PrimaryEndpoint {
    std::string network;
    network::Endpoint endpoint;
  };
  // A one-off answers to its own name only unless `oneoff_aliases` (run --use-aliases).
  std::optional<PrimaryEndpoint> attach_networks(const spec::Service& service,
                                                 const ContainerRecord& record,
                                                 bool oneoff_aliases);
  // The container's /etc/hosts, hostname and resolv.conf; on the host's network
  // they start from the host's own.
  void write_etc_files(const spec::Service& service, const ContainerRecord& record,
                       const std::string& hostname, bool host_network,
                       const std::optional<PrimaryEndpoint>& primary_endpoint);

  EngineContext& context_;
  const spec::Project& project_;
};

// The name of a service's container: its `container_name`, else compose's <project>-<service>-<n>.
std::string service_container_name(const std::string& project, const spec::Service& service,
                                   int number);

// The supervisor's view of the container; status "missing" when it has none.
runtime::ContainerState container_status(const EngineContext& context, const std::string& name);
bool is_running(const runtime::ContainerState& state);
// The planner's view of a record. A container without a run dir was left half
// made or half removed by a killed berth: it gets no config hash, so `up`
// recreates it.
ExistingContainer existing_container(const EngineContext& context, const ContainerRecord& record);

}  // namespace berth::engine

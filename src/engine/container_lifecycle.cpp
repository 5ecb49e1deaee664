#include "engine/container_lifecycle.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <fstream>

#include "engine/compose_labels.h"
#include "engine/container_assembly.h"
#include "engine/container_cgroup_sweep.h"
#include "engine/container_events.h"
#include "engine/container_mounts.h"
#include "engine/container_userns.h"
#include "engine/network_mode.h"
#include "engine/service_settings.h"
#include "engine/supervisor_process.h"
#include "network/container_files.h"
#include "network/endpoint.h"
#include "runtime/container_control.h"
#include "runtime/spec_json.h"
#include "runtime/supervisor.h"
#include "state/global_lock.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/log.h"
#include "util/random_id.h"
#include "util/remove_tree.h"

namespace berth::engine {

namespace fs = std::filesystem;

namespace {
std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof(name)) != 0) throw_errno("cannot read the host's name");
  return name;
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::trunc);
  out << content;
  if (!out) throw Error("writing", path.string(), errno);
}

// Highest priority first, then by name: the first gets the default route.
std::vector<std::pair<std::string, spec::ServiceNetwork>> networks_in_priority_order(
    const spec::Service& service) {
  auto networks = networks_of(service);
  std::vector<std::pair<std::string, spec::ServiceNetwork>> ordered(networks.begin(),
                                                                    networks.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return a.second.priority.value_or(0) > b.second.priority.value_or(0);
  });
  return ordered;
}

std::vector<network::PublishSpec> publish_specs(const spec::Service& service) {
  std::vector<network::PublishSpec> specs;
  for (const auto& port : service.ports) {
    network::PublishSpec spec;
    spec.protocol = port.protocol;
    if (!port.host_ip.empty()) spec.host_ip = port.host_ip;
    // A range publishes the target on the first port of it; berth picks no other.
    if (!port.published.empty())
      spec.host_port =
          static_cast<uint16_t>(std::stoul(port.published.substr(0, port.published.find('-'))));
    spec.container_port = static_cast<uint16_t>(port.target);
    specs.push_back(spec);
  }
  return specs;
}
}  // namespace

ContainerLifecycle::ContainerLifecycle(EngineContext& context, const spec::Project& project)
    : context_(context), project_(project) {}

std::optional<ContainerLifecycle::PrimaryEndpoint> ContainerLifecycle::attach_networks(
    const spec::Service& service, const ContainerRecord& record, bool oneoff_aliases) {
  std::optional<PrimaryEndpoint> primary;
  int index = 0;
  for (const auto& [key, settings] : networks_in_priority_order(service)) {
    const auto& declared = project_.networks.at(key);
    network::EndpointSpec endpoint;
    endpoint.container = record.name;
    if (!record.oneoff || oneoff_aliases) {
      endpoint.service = service.name;
      endpoint.aliases = settings.aliases;
    }
    if (!settings.ipv4_address.empty()) endpoint.ipv4_address = settings.ipv4_address;
    if (!settings.ipv6_address.empty()) endpoint.ipv6_address = settings.ipv6_address;
    if (!settings.mac_address.empty()) endpoint.mac_address = settings.mac_address;
    endpoint.interface_name = "eth" + std::to_string(index);
    endpoint.default_route = index == 0;
    auto attached = context_.networks.attach(record.netns_path, declared.name, endpoint);
    if (index == 0) primary = PrimaryEndpoint{declared.name, attached};
    ++index;
  }
  if (index == 0) network::bring_up_loopback(NamespaceFd::open_path(record.netns_path));
  if (!service.ports.empty()) context_.networks.publish(record.name, publish_specs(service));
  return primary;
}

void ContainerLifecycle::write_etc_files(const spec::Service& service,
                                         const ContainerRecord& record, const std::string& hostname,
                                         bool host_network,
                                         const std::optional<PrimaryEndpoint>& primary_endpoint) {
  auto dir = context_.rootfs.container_dir(record.name);
  fs::create_directories(dir);
  std::optional<network::NetworkInfo> primary;
  if (primary_endpoint) primary = context_.networks.find_network(primary_endpoint->network);

  network::HostsSpec hosts;
  network::ResolvConfSpec resolv;
  if (host_network) {
    // The host's network: its own names and resolvers, as docker gives them.
    hosts.base = read_file("/etc/hosts");
    hosts.gateway = network::Ipv4Address::parse("127.0.0.1");
    resolv = network::parse_resolv_conf(read_file("/etc/resolv.conf"));
  }
  hosts.hostname = hostname;
  hosts.aliases = {service.name};
  if (primary) {
    hosts.gateway = resolv.gateway = primary->gateway;
    resolv.gateway6 = primary->gateway6;
  }
  if (primary_endpoint) {
    hosts.address = primary_endpoint->endpoint.ip;
    if (primary_endpoint->endpoint.ip6) hosts.addresses6 = {*primary_endpoint->endpoint.ip6};
  }
  for (const auto& entry : service.extra_hosts)
    hosts.extra_hosts.push_back(network::parse_extra_host(entry));
  write_file(dir / "hosts", network::render_hosts(hosts));
  write_file(dir / "hostname", hostname + "\n");

  if (!service.dns.empty()) resolv.dns = service.dns;
  if (!service.dns_search.empty()) resolv.dns_search = service.dns_search;
  if (!service.dns_opt.empty()) resolv.dns_opt = service.dns_opt;
  write_file(dir / "resolv.conf", network::render_resolv_conf(resolv));
}

ContainerRecord ContainerLifecycle::create(const spec::Service& service, int number,
                                           const storage::Image& image,
                                           const std::string& config_hash, bool start,
                                           const std::string& oneoff_slug, bool oneoff_aliases) {
  auto built = build(service, number, image, config_hash, oneoff_slug, oneoff_aliases);
  auto runtime_dir = context_.runtime_dir(built.record.name);
  if (start)
    runtime::start_container(built.spec, runtime_dir);  // writes the spec file
  else
    runtime::write_spec_file(runtime::ContainerFiles{runtime_dir}.spec(), built.spec);
  return built.record;
}

PendingContainer ContainerLifecycle::create_pending(const spec::Service& service, int number,
                                                    const storage::Image& image,
                                                    const std::string& config_hash) {
  auto built = build(service, number, image, config_hash, {}, false);
  return {built.record, runtime::PendingStart(built.spec, context_.runtime_dir(built.record.name))};
}

ContainerLifecycle::Built ContainerLifecycle::build(const spec::Service& service, int number,
                                                    const storage::Image& image,
                                                    const std::string& config_hash,
                                                    const std::string& oneoff_slug,
                                                    bool oneoff_aliases) {
  ContainerRecord record;
  record.id = random_id();
  record.name = service_container_name(project_.name, service, number);
  record.project = project_.name;
  record.service = service.name;
  record.number = number;
  record.oneoff = !oneoff_slug.empty();
  record.config_hash = config_hash;
  record.image_id = image.id;
  record.volumes = named_volumes_of(project_, service);
  // The service's labels, then compose's own, which no user label may replace.
  record.labels = service.labels;
  for (auto& [key, value] : compose_labels({project_.name, service.name, number, record.oneoff,
                                            config_hash, project_.working_dir, ""}))
    record.labels[key] = std::move(value);
  if (record.oneoff) record.labels[kSlugLabel] = oneoff_slug;

  auto mode = network_mode_of(project_, service);
  auto userns_size = auto_userns_size(service);
  std::string hostname = service.hostname.empty() ? record.name : service.hostname;
  auto etc_dir = context_.rootfs.container_dir(record.name);
  std::vector<runtime::MountSpec> mounts;
  fs::path rootfs;
  SharedNamespaces namespaces;
  {
    std::lock_guard lock(context_.state_mutex);
    namespaces = shared_namespaces_of(context_, project_, service);
    if (mode.kind == NetworkMode::Kind::join) {
      auto joined = joined_network(context_, mode.container);
      record.networks = {joined.attachment};
      record.netns_path = joined.netns_path;
      hostname = joined.hostname;
      etc_dir = joined.etc_dir;
    } else {
      record.networks = network_attachments(context_, project_, service);
      if (mode.kind == NetworkMode::Kind::own)
        record.netns_path = context_.pins.path_of(record.name);
      if (mode.kind == NetworkMode::Kind::host && service.hostname.empty()) hostname = host_name();
    }
    {
      std::optional<state::GlobalLock> ids_lock;  // another project may be allocating too
      if (userns_size) {
        ids_lock.emplace(context_.locations);
        record.userns =
            allocate_id_mapping(context_.config, context_.containers.all(), *userns_size);
      }
      context_.containers.save(record);  // the intent: down finds it whatever happens next
    }
    std::optional<PrimaryEndpoint> primary;
    if (mode.kind == NetworkMode::Kind::own) {
      context_.pins.create(record.name);
      primary = attach_networks(service, record, oneoff_aliases);
    }
    // Mounted writable even for read_only: the runtime makes the root read-only
    // once the mount points it needs (/proc, /etc/hosts, ...) exist, as runc does.
    rootfs = context_.rootfs.mount(record.name, image.config.diff_ids, false, record.userns);
    if (namespaces.shareable)
      namespaces.shm_source = context_.rootfs.mount_shm(
          record.name, service.shm_size.value_or(runtime::kDefaultShmSize));
    mounts = resolve_service_mounts(project_, service, record.name, rootfs, context_.volumes,
                                    record.userns);
    if (mode.kind != NetworkMode::Kind::join)
      write_etc_files(service, record, hostname, mode.kind == NetworkMode::Kind::host, primary);
  }
  for (const char* file : {"hosts", "hostname", "resolv.conf"})
    mounts.push_back({(etc_dir / file).string(), std::string("/etc/") + file, "bind", {}});

  auto dir = context_.rootfs.container_dir(record.name);
  auto spec = assemble_container({project_, service, image, record.id, record.name, hostname,
                                  rootfs, record.netns_path, mode.kind == NetworkMode::Kind::host,
                                  namespaces, mounts, dir / "json.log", context_.events_log(),
                                  context_.seccomp_cache()});
  spec.user_namespace = record.userns;
  fs::create_directories(context_.runtime_dir(record.name));
  record_container_event(context_, record, "create");
  return {std::move(record), std::move(spec)};
}

void ContainerLifecycle::start(const ContainerRecord& record,
                               const std::optional<runtime::StdioFds>& attach) {
  auto runtime_dir = context_.runtime_dir(record.name);
  if (runtime::find_supervisor(runtime_dir)) return;
  runtime::start_container(runtime::read_spec_file(runtime::ContainerFiles{runtime_dir}.spec()),
                           runtime_dir, attach);
}

void ContainerLifecycle::stop(const ContainerRecord& record, std::optional<int> grace_ms) {
  auto runtime_dir = context_.runtime_dir(record.name);
  if (verified_supervisor(runtime_dir)) runtime::stop_container(runtime_dir, grace_ms);
}

void ContainerLifecycle::remove(const ContainerRecord& record, std::optional<int> grace_ms,
                                bool remove_volumes) {
  // Each step tolerates what a killed berth left half made or never made, and the
  // record goes last, so a remove that is itself killed is simply run again.
  auto runtime_dir = context_.runtime_dir(record.name);
  // The run dir goes first after the processes, so a container whose removal was
  // cut short reads as "missing" and a later `up` recreates it.
  stop(record, grace_ms);
  sweep_container_cgroup(record.project, record.name);
  remove_tree(runtime_dir);
  {
    std::lock_guard lock(context_.state_mutex);
    context_.networks.release_container(record.name);
  }
  // Unmounting waits for the kernel (RCU), not for the state: containers
  // removed together do it side by side.
  context_.pins.remove(record.name);
  context_.rootfs.remove(record.name);
  std::lock_guard lock(context_.state_mutex);
  if (remove_volumes) {
    for (const auto& volume : context_.volumes.list({{kAnonymousVolumeLabel, "true"}}))
      if (is_anonymous_volume_of(volume, record.name)) context_.volumes.remove(volume.name);
  }
  context_.containers.remove(record.name);
  record_container_event(context_, record, "destroy");
}

std::string service_container_name(const std::string& project, const spec::Service& service,
                                   int number) {
  return service.container_name.empty() ? container_name(project, service.name, number)
                                        : service.container_name;
}

runtime::ContainerState container_status(const EngineContext& context, const std::string& name) {
  auto runtime_dir = context.runtime_dir(name);
  runtime::ContainerState state;
  if (!fs::exists(runtime::ContainerFiles{runtime_dir}.state())) {
    state.status = fs::exists(runtime::ContainerFiles{runtime_dir}.spec()) ? "created" : "missing";
    return state;
  }
  state = runtime::read_container_state(runtime_dir);
  // A supervisor that died (or a reboot) leaves a state that claims to run.
  if (state.status != "exited" && !runtime::find_supervisor(runtime_dir)) state.status = "exited";
  return state;
}

ExistingContainer existing_container(const EngineContext& context, const ContainerRecord& record) {
  auto state = container_status(context, record.name);
  auto existing = as_existing(record, is_running(state));
  if (state.status == "missing") existing.config_hash.clear();
  return existing;
}

bool is_running(const runtime::ContainerState& state) {
  return state.status == "running" || state.status == "restarting" || state.status == "paused";
}

}  // namespace berth::engine

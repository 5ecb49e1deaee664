#include "storage/registry_credentials.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "storage/image_reference.h"
#include "util/error.h"
#include "util/libcrypto_api.h"
#include "util/unique_fd.h"

extern char** environ;

namespace berth::storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
std::string config_key(const std::string& registry) {
  return registry == kDefaultRegistry ? "https://index.docker.io/v1/" : registry;
}

fs::path config_path() {
  if (const char* dir = std::getenv("DOCKER_CONFIG")) return fs::path(dir) / "config.json";
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : "/root") / ".docker" / "config.json";
}

std::optional<RegistryCredentials> decode_auth(const std::string& encoded,
                                               const std::string& registry) {
  std::string decoded(encoded.size(), '\0');
  int length = libcrypto().EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                           reinterpret_cast<const unsigned char*>(encoded.data()),
                                           static_cast<int>(encoded.size()));
  if (length < 0) throw Error("docker config: auth is not base64", registry);
  decoded.resize(static_cast<std::size_t>(length));
  while (!decoded.empty() && decoded.back() == '\0') decoded.pop_back();  // base64 padding
  auto colon = decoded.find(':');
  if (colon == std::string::npos) throw Error("docker config: auth is not user:password", registry);
  return RegistryCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

// `docker-credential-<helper> get`, the server on stdin, JSON on stdout.
std::optional<RegistryCredentials> ask_helper(const std::string& helper,
                                              const std::string& server) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
    throw_errno("creating pipes for credential helper", helper);
  UniqueFd in_read(in[0]), in_write(in[1]), out_read(out[0]), out_write(out[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
  std::string program = "docker-credential-" + helper;
  char* argv[] = {program.data(), const_cast<char*>("get"), nullptr};
  pid_t pid = 0;
  int status = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (status != 0) throw_errno(status, "running credential helper", program);
  in_read.reset();
  out_write.reset();
  std::string request = server + "\n";
  if (::write(in_write.get(), request.data(), request.size()) < 0)
    throw_errno("writing to credential helper", program);
  in_write.reset();
  std::string reply;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(out_read.get(), buffer, sizeof buffer)) > 0)
    reply.append(buffer, static_cast<std::size_t>(n));
  int exit_status = 0;
  ::waitpid(pid, &exit_status, 0);
  if (!WIFEXITED(exit_status) || WEXITSTATUS(exit_status) != 0) return std::nullopt;  // not stored
  auto answer = json::parse(reply, nullptr, false);
  if (!answer.is_object()) throw Error("credential helper gave no JSON", program);
  return RegistryCredentials{answer.value("Username", ""), answer.value("Secret", "")};
}
}  // namespace

std::optional<RegistryCredentials> find_registry_credentials(const std::string& registry) {
  auto path = config_path();
  std::ifstream in(path);
  if (!in) return std::nullopt;
  auto config = json::parse(in, nullptr, false);
  if (!config.is_object()) throw Error("docker config is not a JSON object", path.string());
  auto key = config_key(registry);
  if (config.contains("credHelpers") && config["credHelpers"].contains(key))
    return ask_helper(config["credHelpers"][key].get<std::string>(), key);
  if (config.contains("credsStore") && config["credsStore"].is_string())
    if (auto found = ask_helper(config["credsStore"].get<std::string>(), key)) return found;
  if (config.contains("auths") && config["auths"].contains(key) &&
      config["auths"][key].contains("auth"))
    return decode_auth(config["auths"][key]["auth"].get<std::string>(), registry);
  return std::nullopt;
}

}  // namespace berth::storage

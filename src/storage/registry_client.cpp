#include "storage/registry_client.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "storage/descriptor.h"
#include "storage/registry_credentials.h"
#include "util/error.h"
#include "util/libcrypto_api.h"
#include "util/log.h"

namespace berth::storage {

namespace {
constexpr int kBlobAttempts = 5;

std::string endpoint_host(const std::string& registry) {
  return registry == kDefaultRegistry ? "registry-1.docker.io" : registry;
}

bool is_loopback(const std::string& host_and_port) {
  std::string host = host_and_port;
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  return host == "localhost" || host.starts_with("127.") || host == "::1";
}

std::string percent_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
  }
  return out;
}

std::string basic_authorization(const RegistryCredentials& credentials) {
  std::string plain = credentials.username + ":" + credentials.password;
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  int length = libcrypto().EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                           reinterpret_cast<const unsigned char*>(plain.data()),
                                           static_cast<int>(plain.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return "Authorization: Basic " + encoded;
}

// The key="value" pairs of a `WWW-Authenticate: Bearer ...` challenge.
std::map<std::string, std::string> challenge_parameters(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t at = text.find(' ');
  while (at != std::string_view::npos && at < text.size()) {
    while (at < text.size() && (text[at] == ' ' || text[at] == ',')) ++at;
    auto equals = text.find('=', at);
    if (equals == std::string_view::npos) break;
    std::string key(text.substr(at, equals - at));
    std::string value;
    at = equals + 1;
    if (at < text.size() && text[at] == '"') {
      auto close = text.find('"', at + 1);
      if (close == std::string_view::npos) break;
      value = text.substr(at + 1, close - at - 1);
      at = close + 1;
    } else {
      auto comma = text.find(',', at);
      value = text.substr(at, comma - at);
      at = comma;
    }
    out[key] = value;
  }
  return out;
}
}  // namespace

RegistryClient::RegistryClient(const ImageReference& reference, RegistryOptions options)
    : registry_(reference.registry),
      host_(endpoint_host(reference.registry)),
      repository_(reference.repository),
      plain_http_allowed_(options.insecure || is_loopback(reference.registry) ||
                          std::ranges::find(options.insecure_registries, reference.registry) !=
                              options.insecure_registries.end()) {}

std::string RegistryClient::base_url(HttpClient& http) {
  std::lock_guard lock(mutex_);
  if (!base_url_.empty()) return base_url_;
  if (plain_http_allowed_) {
    http.set_verify_tls(false);
    try {
      http.get("https://" + host_ + "/v2/", {});
      base_url_ = "https://" + host_;
    } catch (const TransportError& e) {
      log::debug("registry {} over https failed ({}); using plain http", host_, e.what());
      base_url_ = "http://" + host_;
    }
  } else {
    base_url_ = "https://" + host_;
  }
  return base_url_;
}

void RegistryClient::authenticate(HttpClient& http, const std::string& challenge) {
  auto credentials = find_registry_credentials(registry_);
  if (challenge.starts_with("Basic ") || challenge.starts_with("basic ")) {
    if (!credentials)
      throw Error("registry asks for a login (no credentials in the docker config)", host_);
    std::lock_guard lock(mutex_);
    authorization_ = basic_authorization(*credentials);
    return;
  }
  if (!challenge.starts_with("Bearer ") && !challenge.starts_with("bearer "))
    throw Error("registry asks for an unsupported authentication (" + challenge + ")", host_);
  auto parameters = challenge_parameters(challenge);
  auto realm = parameters["realm"];
  if (realm.empty()) throw Error("registry's auth challenge names no realm", host_);
  std::string scope =
      parameters.contains("scope") ? parameters["scope"] : "repository:" + repository_ + ":pull";
  std::string url = realm + (realm.find('?') == std::string::npos ? "?" : "&") +
                    "service=" + percent_encode(parameters["service"]) +
                    "&scope=" + percent_encode(scope);
  std::vector<std::string> headers;
  if (credentials) headers.push_back(basic_authorization(*credentials));
  auto response = http.get(url, headers);
  if (response.status != 200)
    throw Error("token request refused with HTTP " + std::to_string(response.status), realm);
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  std::string token;
  if (body.is_object()) token = body.value("token", body.value("access_token", ""));
  if (token.empty()) throw Error("token response carries no token", realm);
  std::lock_guard lock(mutex_);
  authorization_ = "Authorization: Bearer " + token;
}

HttpResponse RegistryClient::request(HttpClient& http, const std::string& path,
                                     std::vector<std::string> headers, const BodySink& sink) {
  auto url = base_url(http) + "/v2/" + repository_ + "/" + path;
  http.set_verify_tls(!plain_http_allowed_);
  for (int attempt = 0;; ++attempt) {
    auto with_auth = headers;
    {
      std::lock_guard lock(mutex_);
      if (!authorization_.empty()) with_auth.push_back(authorization_);
    }
    auto response = http.get(url, with_auth, sink);
    if (response.status != 401 || attempt > 0) return response;
    auto challenge = response.header("www-authenticate");
    if (challenge.empty()) return response;
    authenticate(http, challenge);
  }
}

FetchedManifest RegistryClient::fetch_manifest(const std::string& tag_or_digest) {
  HttpClient http;
  auto response =
      request(http, "manifests/" + tag_or_digest,
              {std::string("Accept: ") + media_type::kOciIndex + ", " + media_type::kOciManifest +
               ", " + media_type::kDockerManifestList + ", " + media_type::kDockerManifest});
  if (response.status == 404)
    throw Error("manifest unknown to the registry",
                host_ + "/" + repository_ + ":" + tag_or_digest);
  if (response.status != 200)
    throw Error("registry answered HTTP " + std::to_string(response.status) + " for the manifest",
                host_ + "/" + repository_ + ":" + tag_or_digest);
  auto type = response.header("content-type");
  if (auto semicolon = type.find(';'); semicolon != std::string::npos) type.resize(semicolon);
  return {type, std::move(response.body)};
}

void RegistryClient::fetch_blob(const Descriptor& blob, BlobWriter& writer,
                                const std::function<void(std::int64_t)>& progress) {
  HttpClient http;
  for (int attempt = 1;; ++attempt) {
    std::int64_t offset = writer.written();
    std::vector<std::string> headers;
    if (offset > 0) headers.push_back("Range: bytes=" + std::to_string(offset) + "-");
    bool first = true;
    std::int64_t to_skip = 0;  // a server that ignores Range resends from the start
    BodySink sink = [&](const HttpResponse& head, std::string_view bytes) {
      if (first) {
        first = false;
        to_skip = head.status == 206 ? 0 : offset;
      }
      auto skipped = std::min<std::int64_t>(to_skip, static_cast<std::int64_t>(bytes.size()));
      bytes.remove_prefix(static_cast<std::size_t>(skipped));
      to_skip -= skipped;
      if (writer.written() + static_cast<std::int64_t>(bytes.size()) > blob.size)
        throw Error("registry sent more bytes than the blob's size", blob.digest);
      writer.write(bytes);
      if (progress) progress(writer.written());
    };
    try {
      auto response = request(http, "blobs/" + blob.digest, headers, sink);
      if (response.status != 200 && response.status != 206)
        throw Error("registry answered HTTP " + std::to_string(response.status) + " for the blob",
                    blob.digest);
      if (writer.written() == blob.size) return;
      if (attempt >= kBlobAttempts)
        throw Error("blob download ended early at " + std::to_string(writer.written()) + " of " +
                        std::to_string(blob.size) + " bytes",
                    blob.digest);
    } catch (const TransportError& e) {
      if (attempt >= kBlobAttempts) throw e.with_context("downloading " + blob.digest);
      log::info("download of {} interrupted at {} bytes ({}); resuming", blob.digest,
                writer.written(), e.what());
    }
  }
}

}  // namespace berth::storage

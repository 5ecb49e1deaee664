#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "storage/content_store.h"
#include "storage/http_client.h"
#include "storage/image_reference.h"

namespace berth::storage {

struct RegistryOptions {
  // Plain HTTP (and unverified TLS) for this registry. Loopback registries
  // (localhost, 127.0.0.0/8, ::1) get it anyway, like docker.
  bool insecure = false;
  // Registries ("host[:port]", as in image references) that get the same;
  // from berth's config file.
  std::vector<std::string> insecure_registries;
};

struct FetchedManifest {
  std::string media_type;  // Content-Type
  std::string body;
};

// The OCI distribution API for one repository: manifests and blobs, with
// bearer-token auth following WWW-Authenticate (anonymous, or with the docker
// config's credentials) and basic auth from the docker config. HTTPS unless plain
// HTTP is allowed, in which case HTTPS is tried first, as docker does.
// fetch_blob may run on several threads at once.
class RegistryClient {
 public:
  RegistryClient(const ImageReference& reference, RegistryOptions options);

  // GET /v2/<repo>/manifests/<tag or digest>, accepting OCI and Docker
  // manifests and indexes. The caller verifies the digest.
  FetchedManifest fetch_manifest(const std::string& tag_or_digest);
  // Streams the blob into writer, resuming with a Range request when the
  // connection drops; progress gets the bytes written so far. The caller
  // commits (verifies) the writer.
  void fetch_blob(const Descriptor& blob, BlobWriter& writer,
                  const std::function<void(std::int64_t)>& progress);

 private:
  HttpResponse request(HttpClient& http, const std::string& path, std::vector<std::string> headers,
                       const BodySink& sink = {});
  std::string base_url(HttpClient& http);
  void authenticate(HttpClient& http, const std::string& challenge);

  std::string registry_;
  std::string host_;
  std::string repository_;
  bool plain_http_allowed_;
  std::mutex mutex_;  // guards the two below
  std::string base_url_;
  std::string authorization_;
};

}  // namespace berth::storage

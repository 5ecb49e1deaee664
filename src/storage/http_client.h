#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace berth::storage {

// The request never got a complete response: refused, TLS, dropped, timed out.
class TransportError : public Error {
 public:
  using Error::Error;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lowercased; the last value wins
  std::string body;                            // empty when a body sink took it
  std::string url;                             // after redirects

  std::string header(const std::string& lowercase_name) const;
};

// Receives a 2xx response's body bytes as they arrive, with the status and
// headers read so far; throwing aborts the transfer.
using BodySink = std::function<void(const HttpResponse& head, std::string_view bytes)>;

// One libcurl easy handle: GET requests with extra headers, redirects followed
// (curl never forwards a custom Authorization header to another host), TLS
// verified unless told otherwise. Not thread-safe: one per thread.
class HttpClient {
 public:
  HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  ~HttpClient();

  void set_verify_tls(bool verify) { verify_tls_ = verify; }
  // Transport failures throw TransportError; any HTTP status is returned. With a sink, the body of
  // a 2xx response goes to it instead of into the response.
  HttpResponse get(const std::string& url, const std::vector<std::string>& headers,
                   const BodySink& sink = {});

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
  bool verify_tls_ = true;
};

}  // namespace berth::storage

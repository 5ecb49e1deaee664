#include "storage/http_client.h"

#include <algorithm>
#include <exception>
#include <mutex>

#include "storage/libcurl_api.h"
#include "util/error.h"

namespace berth::storage {

namespace {
// Bodies kept in memory (manifests, tokens, errors) are small; a larger one is refused.
constexpr std::size_t kMaxBufferedBody = 32 << 20;

struct FreeSlist {
  void operator()(curl_slist* list) const { libcurl().curl_slist_free_all(list); }
};

struct Transfer {
  HttpResponse response;
  const BodySink* sink = nullptr;
  std::exception_ptr failure;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) transfer->response.headers.clear();  // a redirect's next hop
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    transfer->response.headers[name] = std::string(value);
  }
  return size * count;
}

void buffer_body(HttpResponse& response, std::string_view bytes) {
  if (response.body.size() + bytes.size() > kMaxBufferedBody)
    throw Error("HTTP response body larger than " + std::to_string(kMaxBufferedBody) + " bytes",
                response.url);
  response.body.append(bytes);
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view bytes(data, size * count);
  try {
    if (transfer->sink && *transfer->sink)
      (*transfer->sink)(transfer->response, bytes);
    else
      buffer_body(transfer->response, bytes);
  } catch (...) {
    transfer->failure = std::current_exception();
    return 0;  // aborts the transfer
  }
  return bytes.size();
}
}  // namespace

std::string HttpResponse::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Handle {
  CURL* curl = nullptr;
};

HttpClient::HttpClient() : handle_(std::make_unique<Handle>()) {
  handle_->curl = libcurl().curl_easy_init();
  if (!handle_->curl) throw Error("initialising libcurl");
}

HttpClient::~HttpClient() { libcurl().curl_easy_cleanup(handle_->curl); }

HttpResponse HttpClient::get(const std::string& url, const std::vector<std::string>& headers,
                             const BodySink& sink) {
  CURL* curl = handle_->curl;
  libcurl().curl_easy_reset(curl);
  std::unique_ptr<curl_slist, FreeSlist> list;
  for (const auto& header : headers) {
    auto* extended = libcurl().curl_slist_append(list.get(), header.c_str());
    if (!extended) throw Error("building HTTP headers", url);
    static_cast<void>(list.release());
    list.reset(extended);
  }
  Transfer transfer;
  transfer.response.url = url;
  // Only a successful response's body goes to the sink; error bodies are kept.
  BodySink gated = [&](const HttpResponse& head, std::string_view bytes) {
    libcurl().curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    if (head.status >= 200 && head.status < 300)
      sink(head, bytes);
    else
      buffer_body(transfer.response, bytes);
  };
  if (sink) transfer.sink = &gated;
  libcurl().curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  libcurl().curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.get());
  libcurl().curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  libcurl().curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
  libcurl().curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  // A verified connection is never redirected to plain HTTP.
  libcurl().curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR,
                             verify_tls_ ? "https" : "http,https");
  libcurl().curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  libcurl().curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
  // A stalled transfer (under 1 KiB/s for 60 s) fails rather than hangs.
  libcurl().curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  libcurl().curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
  libcurl().curl_easy_setopt(curl, CURLOPT_USERAGENT, "berth");
  libcurl().curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, verify_tls_ ? 1L : 0L);
  libcurl().curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, verify_tls_ ? 2L : 0L);
  libcurl().curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  libcurl().curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  libcurl().curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  libcurl().curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  CURLcode code = libcurl().curl_easy_perform(curl);
  if (transfer.failure) std::rethrow_exception(transfer.failure);
  if (code != CURLE_OK)
    throw TransportError(std::string("HTTP GET failed: ") + libcurl().curl_easy_strerror(code),
                         url);
  libcurl().curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  char* effective = nullptr;
  libcurl().curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  transfer.response.url = effective ? effective : url;
  return std::move(transfer.response);
}

}  // namespace berth::storage

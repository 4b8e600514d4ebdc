#pragma once

// The transport-free Api on a memory store and a virtual clock, with a token per actor: what
// the security tests and the request fuzzer drive, without sockets or files.

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>

#include "common/clock.h"
#include "core/procedure.h"
#include "http/api/api.h"
#include "http/auth/auth.h"
// The test suites check every answer against the API document; the API fuzzer, which reuses this
// harness outside gtest, checks its own invariants instead (it defines TIERDESK_NO_API_CONTRACT).
#ifndef TIERDESK_NO_API_CONTRACT
#include "integration/api_contract.h"
#endif
#include "procedure/loader.h"
#include "service/engine.h"
#include "store/memory/memory_store.h"

namespace tierdesk::testing {

class ApiHarness {
 public:
  // `procedure_path`: a procedure file; `options`: the Api's (limits, login throttling ...);
  // `engine`: the engine's (the events a ticket may hold ...).
  explicit ApiHarness(const std::string& procedure_path, http::ApiOptions options = {},
                      service::EngineOptions engine = {})
      : procedure_(Load(procedure_path)),
        clock_(ParseTimestamp("2026-01-05T09:00:00Z").value()),
        engine_(store_, procedure_, clock_, engine),
        api_(engine_, {&store_}, procedure_, clock_, metrics_, WithLinkKey(std::move(options))) {
    (void)engine_.Start();
  }
  ~ApiHarness() { engine_.Stop(); }

  // A bearer token for `actor` ("client:C-1001", a person id, "mail-gateway").
  std::string Token(const std::string& actor, bool read_only = false) {
    auto issued = http::IssueToken(actor, "test", procedure_, clock_.Now(), read_only);
    if (!issued || !store_.PutApiToken(issued->record)) return {};
    return issued->secret;
  }

  struct Call {
    std::string method = "GET";
    std::string path;
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string remote = "127.0.0.1";
  };
  // Handles one request and waits for its answer (status 0 if none came within 10 s).
  http::ApiResponse Send(Call call) {
    http::ApiRequest request;
    request.method = std::move(call.method);
    const size_t q = call.path.find('?');
    request.path = call.path.substr(0, q);
    if (q != std::string::npos) request.query = call.path.substr(q + 1);
    request.body = std::move(call.body);
    request.headers = std::move(call.headers);
    if (!request.body.empty() && !request.headers.count("content-type"))
      request.headers["content-type"] = "application/json";
    request.remote = std::move(call.remote);
    auto answer = std::make_shared<std::promise<http::ApiResponse>>();
    auto future = answer->get_future();
    api_.Handle(request, [answer](http::ApiResponse r) { answer->set_value(std::move(r)); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
      return http::ApiResponse{0, "no answer"};
    http::ApiResponse response = future.get();
#ifndef TIERDESK_NO_API_CONTRACT
    if (!response.stream)
      ExpectAsDocumented(request.method, request.path, response.status,
                         {"Content-Type: " + response.content_type}, response.body);
#endif
    return response;
  }
  http::ApiResponse As(const std::string& token, std::string method, std::string path,
                       std::string body = {}, std::map<std::string, std::string> headers = {}) {
    headers["authorization"] = "Bearer " + token;
    return Send({std::move(method), std::move(path), std::move(body), std::move(headers)});
  }

  store::MemoryStore& store() { return store_; }
  service::Engine& engine() { return engine_; }
  VirtualClock& clock() { return clock_; }
  http::Api& api() { return api_; }
  const core::Procedure& procedure() const { return procedure_; }
  static constexpr const char* kLinkKey = "0123456789abcdef0123456789abcdef";

 private:
  static core::Procedure Load(const std::string& path) {
    auto loaded = procedure::LoadProcedureFile(path);
    return loaded.procedure ? std::move(*loaded.procedure) : core::Procedure{};
  }
  static http::ApiOptions WithLinkKey(http::ApiOptions options) {
    if (options.link_key.empty()) options.link_key = kLinkKey;
    return options;
  }

  core::Procedure procedure_;
  VirtualClock clock_;
  store::MemoryStore store_;
  service::Engine engine_;
  http::Metrics metrics_;
  http::Api api_;
};

}  // namespace tierdesk::testing

#pragma once

// Every answer the C++ API tests receive is checked against the API's own document
// (src/http/openapi.json): the operation its method and path name, the response its status names,
// or the Error schema for a status the operation does not list. A member the server sends and
// the document lacks fails the test that received it (the document says additionalProperties:
// false wherever an object's members are fixed), as does a missing or mistyped one.

#include <gtest/gtest.h>
#include <strings.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#include <vector>

#include "test_support.h"

namespace tierdesk::testing {

class ApiContract {
 public:
  static ApiContract& Get() {
    static ApiContract contract(kSourceDir / "src" / "http" / "openapi.json");
    return contract;
  }

  // What is wrong with one JSON answer; empty when it is as the document says.
  std::vector<std::string> Problems(const std::string& method, const std::string& path, long status,
                                    const nlohmann::json& body) {
    const std::string where = method + " " + path + " " + std::to_string(status);
    const Operation* op = Find(method, path);
    if (op == nullptr && status < 400) return {where + ": no operation of the document serves it"};
    const nlohmann::json* schema = nullptr;
    if (op != nullptr) {
      const auto& responses = (*op->node)["responses"];
      const std::string code = std::to_string(status);
      const nlohmann::json* response = responses.contains(code)        ? &responses[code]
                                       : responses.contains("default") ? &responses["default"]
                                                                       : nullptr;
      if (response != nullptr) {
        if (!response->contains("content")) return {where + ": the document gives it no body"};
        const auto& content = (*response)["content"];
        if (!content.contains("application/json")) return {};  // an HTML page, say
        schema = &content["application/json"]["schema"];
      }
    }
    static const nlohmann::json kError = {{"$ref", "#/components/schemas/Error"}};
    if (schema == nullptr) schema = &kError;
    const std::string key =
        (op ? op->method + " " + op->pattern : "any") + " " + std::to_string(status);
    std::lock_guard lock(mutex_);
    return Validate(where, Compiled(key, *schema), body);
  }

  // What is wrong with the data of one frame of GET /api/v1/stream of type `event` (ticket,
  // presence, resync, signed_out): checked against the schema the document names for it
  // (x-events). Read-only access to the shared document: frames arrive on reader threads.
  std::vector<std::string> StreamProblems(const std::string& event, const nlohmann::json& data) {
    const nlohmann::json& doc = doc_;
    const auto& events =
        doc.at("paths").at("/api/v1/stream").at("get").at("responses").at("200").at("x-events");
    if (!events.contains(event)) return {"stream event '" + event + "': not in the document"};
    std::lock_guard lock(mutex_);
    return Validate("stream " + event, Compiled("stream " + event, events.at(event)), data);
  }

 private:
  static std::vector<std::string> Validate(const std::string& where,
                                           const valijson::Schema& compiled,
                                           const nlohmann::json& body) {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(body);
    if (validator.validate(compiled, target, &results)) return {};
    std::vector<std::string> problems;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string context;
      for (const auto& part : error.context) context += part;
      problems.push_back(where + ": " + context + ": " + error.description);
    }
    return problems;
  }

  struct Operation {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    int parameters = 0;
    const nlohmann::json* node = nullptr;
  };

  explicit ApiContract(const std::filesystem::path& file)
      : doc_(WithoutFormats(nlohmann::json::parse(ReadFile(file)))) {
    for (const auto& [pattern, methods] : doc_["paths"].items())
      for (const auto& [method, op] : methods.items()) {
        if (method != "get" && method != "post" && method != "put" && method != "delete") continue;
        Operation o{Upper(method), pattern, Segments(pattern), 0, &op};
        for (const auto& s : o.segments) o.parameters += s.front() == '{';
        operations_.push_back(std::move(o));
      }
  }

  // In JSON Schema 2020-12 a "format" is an annotation, not an assertion (valijson would assert
  // it, by its draft 7 reading): the document's formats describe, they do not constrain.
  static nlohmann::json WithoutFormats(nlohmann::json j) {
    if (j.is_object()) {
      if (j.contains("format") && j["format"].is_string()) j.erase("format");
      for (auto& [key, value] : j.items()) value = WithoutFormats(std::move(value));
    } else if (j.is_array()) {
      for (auto& value : j) value = WithoutFormats(std::move(value));
    }
    return j;
  }

  static std::string Upper(std::string s) {
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }

  static std::vector<std::string> Segments(const std::string& path) {
    std::vector<std::string> out;
    size_t start = 1;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      if (end > start) out.push_back(path.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  // Of the patterns that fit, the one with fewest parameters (/tickets/{ref}/timeline before
  // /tickets/{ref}/{command}).
  const Operation* Find(const std::string& method, const std::string& path) const {
    const auto segments = Segments(path);
    const Operation* best = nullptr;
    for (const Operation& o : operations_) {
      if (o.method != method || o.segments.size() != segments.size()) continue;
      bool fits = true;
      for (size_t i = 0; i < segments.size() && fits; ++i)
        fits = o.segments[i].front() == '{' || o.segments[i] == segments[i];
      if (fits && (best == nullptr || o.parameters < best->parameters)) best = &o;
    }
    return best;
  }

  // The response's schema with the document's components beside it, so its "#/components/..."
  // references resolve; parsed once per operation and status.
  const valijson::Schema& Compiled(const std::string& key, const nlohmann::json& schema) {
    auto& slot = compiled_[key];
    if (!slot) {
      roots_.push_back(std::make_unique<nlohmann::json>(
          nlohmann::json{{"components", doc_["components"]}, {"allOf", {schema}}}));
      slot = std::make_unique<valijson::Schema>();
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter adapter(*roots_.back());
      parser.populateSchema(adapter, *slot);
    }
    return *slot;
  }

  nlohmann::json doc_;
  std::vector<Operation> operations_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<nlohmann::json>> roots_;
  std::map<std::string, std::unique_ptr<valijson::Schema>> compiled_;
};

// Checks an answer of the tierdesk server at `url` (only its /api/ JSON answers).
inline void ExpectAsDocumented(const std::string& method, const std::string& url, long status,
                               const std::vector<std::string>& headers, const std::string& body) {
  const size_t scheme = url.find("://");
  const size_t path_start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path_start == std::string::npos) return;
  std::string path = url.substr(path_start, url.find_first_of("?#", path_start) - path_start);
  if (path.rfind("/api/v1/", 0) != 0 || status == 0) return;
  bool json = false;
  for (const auto& h : headers)
    if (h.size() > 13 && strncasecmp(h.c_str(), "content-type:", 13) == 0)
      json = h.find("application/json") != std::string::npos;
  if (!json || method == "HEAD") return;
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    ADD_FAILURE() << method << " " << path << ": a JSON answer that does not parse: " << body;
    return;
  }
  for (const auto& problem : ApiContract::Get().Problems(method, path, status, parsed))
    ADD_FAILURE() << "not as the API document says: " << problem;
}

}  // namespace tierdesk::testing

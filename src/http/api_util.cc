#include "http/api_util.h"

#include "http/error_mapping.h"

namespace tierdesk::http {

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

ApiResponse Json(int status, const json::Json& body) { return {status, body.dump()}; }

ApiResponse ErrorResponse(const Error& error) {
  return {HttpStatusFor(error.code), ErrorBody(error)};
}

ApiResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                          std::string_view field) {
  return {status, ErrorBody(code, message, field)};
}

std::optional<json::Json> ParseBody(const std::string& body, ApiResponse& error) {
  json::Json j = json::Json::parse(body.empty() ? "{}" : body, nullptr, false);
  if (j.is_discarded()) {
    error = ErrorResponse(400, "invalid_json", "the body is not valid JSON");
    return std::nullopt;
  }
  if (!j.is_object()) {
    error = ErrorResponse(400, "invalid_json", "the body must be a JSON object");
    return std::nullopt;
  }
  return j;
}

std::optional<ApiResponse> ReservedFieldIn(const json::Json& body) {
  for (const char* reserved : {"actor", "cmd", "ticket", "at", "expect_error", "idempotency_key"})
    if (body.contains(reserved))
      return ErrorResponse(422, "invalid_argument",
                           std::string("'") + reserved + "' may not be set in the body", reserved);
  return std::nullopt;
}

json::Json PeopleJson(const core::Procedure& p) {
  json::Json people = json::Json::array();
  for (const auto& person : p.people)
    people.push_back({{"id", person.id},
                      {"name", person.name},
                      {"email", person.email},
                      {"phone", person.phone},
                      {"roles", person.roles},
                      {"tiers", person.tiers}});
  return people;
}

json::Json AssetsJson(const core::Procedure& p) {
  auto chain = [](const std::vector<core::ChainStep>& steps) {
    json::Json out = json::Json::array();
    for (const auto& s : steps)
      out.push_back({{"person", s.person}, {"ack_window", FormatDuration(s.ack_window)}});
    return out;
  };
  json::Json assets = json::Json::array();
  for (const auto& a : p.assets)
    assets.push_back({{"kind", a.kind},
                      {"id", a.id},
                      {"name", a.name},
                      {"forum", a.forum},
                      {"chain", chain(a.chain)},
                      {"on_call", chain(a.on_call)},
                      {"repeat", a.repeat},
                      {"calendar", a.calendar}});
  return assets;
}

}  // namespace tierdesk::http

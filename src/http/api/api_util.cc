#include "http/api/api_util.h"

#include <sodium.h>

#include <set>

#include "common/utf8.h"
#include "http/auth/auth.h"
#include "http/api/error_mapping.h"

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

std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query,
                                                             ApiResponse& error) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view item = query.substr(pos, amp - pos);
    size_t eq = item.find('=');
    if (!item.empty()) {
      std::string key = PercentDecode(item.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : PercentDecode(item.substr(eq + 1));
      if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
        error = ErrorResponse(Refusal::kInvalidEncoding, "a query parameter is not UTF-8",
                              IsValidUtf8(key) ? key : "query");
        return std::nullopt;
      }
      out[std::move(key)] = std::move(value);
    }
    pos = amp + 1;
  }
  return out;
}

ApiResponse Json(int status, const json::Json& body) { return {status, json::Dump(body)}; }

ApiResponse ErrorResponse(const Error& error) {
  return ErrorResponse(RefusalFor(error.code), error.message, error.field);
}

ApiResponse ErrorResponse(Refusal refusal, std::string_view message, std::string_view field) {
  return {WireOf(refusal).status, ErrorBody(refusal, message, field)};
}

ApiResponse CommandErrorResponse(Error error) {
  // 409 as the API's other refusals of a change on the ticket as it is (RFC 9110 would have
  // 412), with a code of its own: a caller tells "changed since you read it" apart from "not
  // allowed now" without reading the message.
  if (error.field == "expected_version")
    return ErrorResponse(Refusal::kVersionMismatch, error.message, "If-Match");
  if (error.field == "idempotency_key")
    return ErrorResponse(Refusal::kIdempotencyKeyReused, error.message, "Idempotency-Key");
  return ErrorResponse(error);
}

namespace {

// Free-text fields may be long; every other string is one line (a title, a name, an address).
bool IsFreeText(std::string_view field) {
  static const std::set<std::string_view> kText = {
      "description", "actions_attempted", "error_messages", "findings",   "notes", "text", "reason",
      "tried",       "comment",           "question",       "resolution", "answer"};
  return kText.count(field) > 0;
}

// The first value in `value` (named `field`) over the limits, as the response to send.
std::optional<ApiResponse> OverLimit(const json::Json& value, const std::string& field,
                                     bool free_text, const RequestLimits& limits) {
  auto too_long = [&](const std::string& what) {
    return ErrorResponse(Refusal::kInvalidArgument, what, field);
  };
  if (value.is_string()) {
    const size_t max = free_text ? limits.max_text_bytes : limits.max_line_bytes;
    if (value.get_ref<const std::string&>().size() > max)
      return too_long("'" + field + "' is longer than " + std::to_string(max) + " bytes");
    return std::nullopt;
  }
  if (value.is_array() || value.is_object()) {
    const size_t max = field == "notify" ? limits.max_notify : 100;
    if (value.size() > max)
      return too_long("'" + field + "' has more than " + std::to_string(max) + " entries");
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string inner = value.is_object() ? field + "." + it.key() : field;
      if (value.is_object() && it.key().size() > limits.max_line_bytes)
        return too_long("a key in '" + field + "' is too long");
      if (auto over = OverLimit(*it, inner, free_text, limits)) return over;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<json::Json> ParseBody(const std::string& body, const RequestLimits& limits,
                                    ApiResponse& error) {
  auto j = json::ParseBounded(body.empty() ? "{}" : body, limits.max_json_depth);
  if (!j) {
    error = ErrorResponse(Refusal::kInvalidJson, "the body is " + j.error().message, "body");
    return std::nullopt;
  }
  if (!j->is_object()) {
    error = ErrorResponse(Refusal::kInvalidJson, "the body must be a JSON object", "body");
    return std::nullopt;
  }
  for (auto it = j->begin(); it != j->end(); ++it)
    if (auto over = OverLimit(*it, it.key(), IsFreeText(it.key()), limits)) {
      error = std::move(*over);
      return std::nullopt;
    }
  return std::move(*j);
}

std::optional<ApiResponse> ReservedFieldIn(const json::Json& body) {
  for (const char* reserved : {"actor", "cmd", "ticket", "at", "expect_error", "idempotency_key"})
    if (body.contains(reserved))
      return ErrorResponse(Refusal::kInvalidArgument,
                           std::string("'") + reserved + "' may not be set in the body", reserved);
  return std::nullopt;
}

bool IsMediaType(std::string_view header, std::string_view type) {
  std::string_view name = header.substr(0, header.find(';'));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  return name.size() == type.size() &&
         std::equal(name.begin(), name.end(), type.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

ApiResponse BodyTooLarge(size_t limit) {
  return ErrorResponse(Refusal::kPayloadTooLarge,
                       "request bodies are limited to " + std::to_string(limit) + " bytes", "body");
}

bool IsLoopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

bool SameSecret(std::string_view a, std::string_view b) {
  // Digests have one length, so the comparison's time says nothing about either secret.
  const std::string da = TokenDigest(std::string(a)), db = TokenDigest(std::string(b));
  return sodium_memcmp(da.data(), db.data(), da.size()) == 0;
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

namespace {

json::Json ChainJson(const std::vector<core::ChainStep>& steps) {
  json::Json out = json::Json::array();
  for (const auto& s : steps)
    out.push_back({{"person", s.person}, {"ack_window", FormatDuration(s.ack_window)}});
  return out;
}

}  // namespace

json::Json ConsultTeamsJson(const core::Procedure& p) {
  json::Json teams = json::Json::array();
  for (const core::ConsultTeam& t : p.consult_teams)
    teams.push_back({{"id", t.id},
                     {"name", t.name},
                     {"calendar", t.calendar},
                     {"answer_within", FormatDuration(t.answer_within)},
                     {"chain", ChainJson(t.chain)},
                     {"members", t.members},
                     {"confirms_fix", t.confirms_fix}});
  return teams;
}

json::Json AssetsJson(const core::Procedure& p) {
  json::Json assets = json::Json::array();
  for (const auto& a : p.assets)
    assets.push_back({{"kind", a.kind},
                      {"id", a.id},
                      {"name", a.name},
                      {"forum", a.forum},
                      {"chain", ChainJson(a.chain)},
                      {"on_call", ChainJson(a.on_call)},
                      {"repeat", a.repeat},
                      {"calendar", a.calendar}});
  return assets;
}

std::optional<ApiResponse> NotForGateway(const Principal& who) {
  if (who.mail_gateway)
    return ErrorResponse(Refusal::kPermissionDenied, "the mail gateway hands in mail only");
  return std::nullopt;
}

ApiResponse FileDownload(std::string bytes, std::string_view name) {
  ApiResponse r{200, std::move(bytes), "application/octet-stream", {}, ""};
  std::string quoted;
  for (char c : name) quoted += (c == '"' || c == '\\') ? '_' : c;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + quoted + "\"");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace tierdesk::http

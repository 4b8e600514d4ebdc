// The client directory over the API. GET /api/v1/clients?q= lists the few clients an agent's
// words name (service::ClientSearch), as they type: bounded words, a bounded page. POST adds a
// client met at the desk (a walk-in, a first call). Its user ID is the one the client gives, or
// one assigned from the request's Idempotency-Key, so that a retried add is the same client:
// an add that repeats a stored client exactly answers it again (200) instead of refusing.
#include "http/api/clients_resource.h"

#include <sodium.h>

#include "common/sha256.h"
#include "http/api/api_util.h"
#include "http/api/request_parsers.h"
#include "service/clients.h"

namespace tierdesk::http {
namespace {

constexpr size_t kMaxSearchBytes = 100;
constexpr int kDefaultMatches = 10;
constexpr int kMaxMatches = 25;

std::optional<ApiResponse> StaffOnly(const Principal& who) {
  if (who.is_client() || who.mail_gateway)
    return ErrorResponse(Refusal::kPermissionDenied, "the client directory is for staff");
  return std::nullopt;
}

json::Json ClientJson(const service::Client& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"email", c.email},
          {"phone", c.phone},
          {"organisation", c.organisation}};
}

// "U-" and eight letters and digits that cannot be misread aloud (no 0/O, 1/I): from the
// request's key when it has one, so a retry names the same client, else at random.
std::string AssignedId(const ApiRequest& request, const Principal& who) {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string seed = request.Header("idempotency-key");
  unsigned char bytes[8];
  if (seed.empty()) {
    randombytes_buf(bytes, sizeof bytes);
  } else {
    const std::string digest = Sha256Hex(who.actor + "\n" + seed);
    for (size_t i = 0; i < sizeof bytes; ++i)
      bytes[i] = static_cast<unsigned char>(std::stoi(digest.substr(2 * i, 2), nullptr, 16));
  }
  std::string id = "U-";
  for (unsigned char b : bytes) id += kAlphabet[b % 32];
  return id;
}

}  // namespace

ApiResponse ClientsResource::Search(const ApiRequest& request, const Principal& who) {
  if (auto refused = StaffOnly(who)) return std::move(*refused);
  ApiResponse error;
  auto query = ParseQuery(request.query, error);
  if (!query) return error;
  std::string words;
  int limit = kDefaultMatches;
  for (const auto& [key, value] : *query) {
    if (key == "q") {
      words = value;
    } else if (key == "limit") {
      auto n = ParseCountParameter(value, 1, kMaxMatches);
      if (!n)
        return ErrorResponse(Refusal::kInvalidArgument,
                             "limit must be 1 to " + std::to_string(kMaxMatches), "limit");
      limit = *n;
    } else {
      return ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key);
    }
  }
  if (words.size() > kMaxSearchBytes)
    return ErrorResponse(Refusal::kInvalidArgument,
                         "q is longer than " + std::to_string(kMaxSearchBytes) + " bytes", "q");
  if (service::ClientSearch::Of(words).lower.empty())
    return ErrorResponse(Refusal::kInvalidArgument,
                         "q names what to look for: a user ID, a name, an address or a phone", "q");
  auto found = readers_.Borrow()->SearchClients(words, limit);
  if (!found) return ErrorResponse(found.error());
  json::Json items = json::Json::array();
  for (const auto& c : *found) items.push_back(ClientJson(c));
  json::Json body = json::Json::object();
  body["clients"] = std::move(items);
  return Json(200, body);
}

ApiResponse ClientsResource::Add(const ApiRequest& request, const Principal& who) {
  if (auto refused = StaffOnly(who)) return std::move(*refused);
  ApiResponse error;
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return error;
  service::Client given;
  const std::pair<const char*, std::string*> fields[] = {{"id", &given.id},
                                                         {"name", &given.name},
                                                         {"email", &given.email},
                                                         {"phone", &given.phone},
                                                         {"organisation", &given.organisation}};
  for (const auto& item : body->items()) {
    const std::string& key = item.key();
    const json::Json& value = item.value();
    auto field = std::find_if(std::begin(fields), std::end(fields),
                              [&](const auto& f) { return key == f.first; });
    if (field == std::end(fields))
      return ErrorResponse(Refusal::kInvalidArgument, "unknown field '" + key + "'", key);
    if (!value.is_string())
      return ErrorResponse(Refusal::kInvalidArgument, "'" + key + "' must be a string", key);
    *field->second = value.get<std::string>();
  }
  if (given.id.find_first_not_of(" \t") == std::string::npos) given.id = AssignedId(request, who);
  auto entry = service::CheckClientEntry(std::move(given));
  if (!entry) return ErrorResponse(entry.error());
  auto reader = readers_.Borrow();
  if (auto added = reader->AddClient(*entry); !added) {
    if (added.error().field == "id") {
      auto stored = reader->FindClient(entry->id);
      if (stored && *stored && **stored == *entry) return Json(200, ClientJson(*entry));
    }
    return ErrorResponse(added.error());
  }
  return Json(201, ClientJson(*entry));
}

}  // namespace tierdesk::http

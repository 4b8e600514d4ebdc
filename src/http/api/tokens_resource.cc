// API tokens over the API. Everyone signed in lists, makes and revokes tokens that act as
// themselves (a client makes one only from a browser session: from their own login); an
// administrator (HasAdminRole) also lists and revokes everyone's, and makes the mail gateway's.
// Nobody makes a token that acts as someone else over the API: that would let one person be
// both halves of a two-party step (an IT manager approving as the client). An operator makes
// those with the CLI, and every event names the credential that made it. A secret is shown
// once, when its token is made; a listed token shows neither the secret nor its digest.
// This server forgets a revoked token at once; one revoked elsewhere (the CLI) is refused within
// the credential cache's ttl (CredentialCache, 1 s).
#include "http/api/tokens_resource.h"

#include "http/api/api_util.h"

namespace tierdesk::http {

namespace {

json::Json TokenJson(const service::ApiToken& t, const date::time_zone* zone) {
  return {{"id", t.id},
          {"actor", t.actor},
          {"label", t.label},
          {"created_at", FormatTimestamp(t.created_at, zone)},
          {"revoked_at",
           t.revoked_at ? json::Json(FormatTimestamp(*t.revoked_at, zone)) : json::Json(nullptr)},
          {"read_only", t.read_only}};
}

std::optional<ApiResponse> RefuseTheMailGateway(const Principal& who) {
  if (!who.mail_gateway) return std::nullopt;
  return ErrorResponse(Refusal::kPermissionDenied, "the mail gateway only hands in mail");
}

}  // namespace

ApiResponse TokensResource::List(const Principal& who) {
  if (auto refused = RefuseTheMailGateway(who)) return std::move(*refused);
  auto tokens = readers_.Borrow()->ListApiTokens(
      HasAdminRole(who) ? std::nullopt : std::optional<std::string>(who.actor));
  if (!tokens) return ErrorResponse(tokens.error());
  json::Json items = json::Json::array();
  for (const auto& t : *tokens) items.push_back(TokenJson(t, procedure_->zone));
  json::Json body = json::Json::object();
  body["tokens"] = std::move(items);
  return Json(200, body);
}

ApiResponse TokensResource::Create(const ApiRequest& request, const Principal& who) {
  if (auto refused = RefuseTheMailGateway(who)) return std::move(*refused);
  if (who.is_client() && !who.by_session())
    return ErrorResponse(Refusal::kPermissionDenied,
                         "a client makes tokens from their own login, not with a token");
  ApiResponse error;
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return error;
  auto wrong_type = [](const char* field, const char* type) {
    return ErrorResponse(Refusal::kInvalidArgument, std::string("'") + field + "' must be " + type,
                         field);
  };
  std::string actor = who.actor, label;
  bool read_only = false;
  if (body->contains("actor")) {
    if (!(*body)["actor"].is_string()) return wrong_type("actor", "a string");
    actor = (*body)["actor"].get<std::string>();
  }
  if (body->contains("label")) {
    if (!(*body)["label"].is_string()) return wrong_type("label", "a string");
    label = (*body)["label"].get<std::string>();
  }
  if (body->contains("read_only")) {
    if (!(*body)["read_only"].is_boolean()) return wrong_type("read_only", "true or false");
    read_only = (*body)["read_only"].get<bool>();
  }
  const bool admin = HasAdminRole(who);
  // The gateway's token hands in mail as anyone's sender: only an administrator makes one.
  if (actor == kMailGatewayActor && !admin)
    return ErrorResponse(Refusal::kPermissionDenied,
                         "a token for the mail gateway needs the admin, it_manager or it_head role",
                         "actor");
  if (actor != who.actor && actor != kMailGatewayActor)
    return ErrorResponse(Refusal::kPermissionDenied,
                         "a token acts as whoever makes it (an operator makes others' with "
                         "`tierdesk token create`)",
                         "actor");
  // A few at a time: each is a credential that can hold streams and sessions' worth of work.
  constexpr size_t kMaxActiveTokens = 20;
  auto existing = readers_.Borrow()->ListApiTokens(actor);
  if (!existing) return ErrorResponse(existing.error());
  if (std::count_if(existing->begin(), existing->end(), [](const service::ApiToken& t) {
        return !t.revoked_at;
      }) >= ptrdiff_t(kMaxActiveTokens))
    return ErrorResponse(Refusal::kFailedPrecondition,
                         "there are " + std::to_string(kMaxActiveTokens) +
                             " active tokens acting as " + actor + "; revoke one first",
                         "actor");
  auto issued = IssueToken(actor, label, *procedure_, clock_.Now(), read_only);
  if (!issued) return ErrorResponse(issued.error());
  if (auto stored = readers_.Borrow()->PutApiToken(issued->record); !stored)
    return ErrorResponse(stored.error());
  json::Json out = TokenJson(issued->record, procedure_->zone);
  out["secret"] = issued->secret;  // shown this once; only its digest is kept
  return Json(201, out);
}

ApiResponse TokensResource::Revoke(const Principal& who, const std::string& id) {
  if (auto refused = RefuseTheMailGateway(who)) return std::move(*refused);
  auto reader = readers_.Borrow();
  auto tokens = reader->ListApiTokens(std::nullopt);
  if (!tokens) return ErrorResponse(tokens.error());
  auto token = std::find_if(tokens->begin(), tokens->end(),
                            [&](const service::ApiToken& t) { return t.id == id; });
  if (token == tokens->end()) return ErrorResponse(Refusal::kNotFound, "no token " + id, "id");
  if (token->actor != who.actor && !HasAdminRole(who))
    return ErrorResponse(Refusal::kPermissionDenied, "you may revoke only your own tokens", "id");
  const Timestamp now = clock_.Now();
  auto revoked = reader->RevokeApiToken(id, now);
  if (!revoked) return ErrorResponse(revoked.error());
  ends_.Ended(token->hash);
  if (!token->revoked_at) token->revoked_at = now;  // a second revocation keeps the first time
  return Json(200, TokenJson(*token, procedure_->zone));
}

}  // namespace tierdesk::http

// The routes around the tickets: procedure view, sessions, clock, dead letters, metrics.
// (Reloading and uploading the procedure: api_procedure.cc; tokens: api_tokens.cc.)
#include <spdlog/spdlog.h>

#include "http/api/api.h"
#include "http/api/api_util.h"
#include "http/api/procedure_view.h"
#include "http/api/views.h"

namespace tierdesk::http {

using namespace tierdesk::core;

ApiResponse Api::ProcedureView() { return Json(200, ProcedureJson(P(), clock_.Now())); }

ApiResponse Api::SessionView(const Principal& who) {
  json::Json body = {{"actor", who.actor},
                     {"kind", who.is_client() ? "client" : "staff"},
                     {"csrf_token", who.csrf_token},
                     {"client_id", who.client_id},
                     {"administers", HasAdminRole(who)}};
  if (who.person != nullptr) {
    body["name"] = who.person->name;
    body["roles"] = who.person->roles;
    body["tiers"] = who.person->tiers;
  } else {
    std::string name;
    if (who.is_client()) {
      auto reader = Reader();
      if (auto client = reader->FindClient(who.client_id); client && *client)
        name = (*client)->name;
    }
    body["name"] = name;
    body["roles"] = json::Json::array();
    body["tiers"] = json::Json::array();
  }
  return Json(200, body);
}

void Api::LogIn(const ApiRequest& request, Respond respond) {
  ApiResponse error;
  auto body = ParseBody(request.body, options_.limits, error);
  if (!body) return respond(std::move(error));
  for (const char* field : {"login", "password"})
    if (!body->contains(field) || !(*body)[field].is_string())
      return respond(
          ErrorResponse(Refusal::kInvalidArgument, std::string("missing '") + field + "'", field));
  std::string login = (*body)["login"].get<std::string>();
  std::string password = (*body)["password"].get<std::string>();
  const LoginGuard::Keys keys = LoginGuard::KeysFor(login, CallerNetwork(request.remote));
  auto too_many = [](const std::string& message, int64_t seconds) {
    ApiResponse r = ErrorResponse(Refusal::kTooManyFailedLogins, message, "password");
    r.headers.emplace_back("Retry-After", std::to_string(seconds));
    return r;
  };
  std::optional<std::string> stored_hash;
  {
    auto reader = Reader();
    const std::vector<std::string> all = keys.All();
    auto failures = reader->FindLoginFailures(all);
    if (!failures) return respond(ErrorResponse(failures.error()));
    if (auto wait = login_guard_.Wait(keys, *failures, clock_.Now()))
      return respond(
          too_many("too many wrong passwords; try again in " + std::to_string(wait->count()) + " s",
                   wait->count()));
    auto account = reader->FindAccount(login);
    if (!account) return respond(ErrorResponse(account.error()));
    if (*account) stored_hash = (*account)->password_hash;
  }
  // One login's or one address's checks at a time, a few at most: a flood from one caller must
  // not fill the queue everyone's logins wait in.
  {
    std::lock_guard lock(checks_mu_);
    for (const std::string* key : {&keys.login, &keys.address})
      if (checks_in_progress_[*key] >= options_.password_checks_per_caller) {
        for (const std::string* k : {&keys.login, &keys.address})
          if (checks_in_progress_[*k] == 0) checks_in_progress_.erase(*k);
        return respond(too_many("a login is being checked for this caller; try again", 1));
      }
    ++checks_in_progress_[keys.login];
    ++checks_in_progress_[keys.address];
  }
  auto done = [this, keys] {
    std::lock_guard lock(checks_mu_);
    for (const std::string* key : {&keys.login, &keys.address})
      if (--checks_in_progress_[*key] == 0) checks_in_progress_.erase(*key);
  };
  // argon2 runs on the password pool: the HTTP threads and the readers stay free for others.
  auto check = [this, login = std::move(login), password = std::move(password),
                stored_hash = std::move(stored_hash), keys, respond, done, too_many]() mutable {
    const bool right = CheckPassword(stored_hash, password);
    if (!right) {
      const Timestamp now = clock_.Now();
      auto reader = Reader();
      // Records quiet for long are swept now and then, before counting, so that a failure
      // today does not add to yesterday's.
      int64_t last = last_failure_sweep_.load();
      if (EpochSeconds(now) - last >= 60 &&
          last_failure_sweep_.compare_exchange_strong(last, EpochSeconds(now)))
        if (auto swept = reader->ForgetLoginFailures(login_guard_.ForgetBefore(now)); !swept)
          spdlog::warn("forgetting old login failures: {}", swept.error().message);
      const std::vector<std::string> all = keys.All();
      auto counted = reader->AddLoginFailure(all, now);
      // The slot is freed once the failure counts: a try after it sees the count.
      done();
      if (!counted) return respond(ErrorResponse(counted.error()));
      return respond(ErrorResponse(Refusal::kUnauthenticated, "wrong login or password"));
    }
    done();
    double wait = 0;
    if (!logins_.Allow(keys.login, std::chrono::steady_clock::now(), &wait))
      return respond(
          too_many("too many sign-ins for this login; try again later", int64_t(wait) + 1));
    Result<IssuedSession> session;
    {
      auto reader = Reader();
      const std::vector<std::string> own = keys.OfTheLogin();
      if (auto cleared = reader->ClearLoginFailures(own); !cleared)
        return respond(ErrorResponse(cleared.error()));
      session = OpenSession(login, *reader, P(), clock_.Now(), options_.session_ttl);
    }
    if (!session) {
      if (session.error().code == ErrorCode::kPermissionDenied)
        return respond(ErrorResponse(Refusal::kUnauthenticated, "wrong login or password"));
      return respond(ErrorResponse(session.error()));
    }
    ApiResponse r =
        Json(200, {{"actor", session->record.actor},
                   {"csrf_token", session->record.csrf_token},
                   {"expires_at", FormatTimestamp(session->record.expires_at, P().zone)}});
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" +
                                             session->cookie_secret +
                                             "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                             std::to_string(options_.session_ttl.count()) +
                                             (options_.secure_cookies ? "; Secure" : ""));
    respond(std::move(r));
  };
  if (!password_checks_.TryPost(std::move(check))) {
    done();
    ApiResponse r = ErrorResponse(Refusal::kUnavailable, "too many logins at once; try again");
    r.headers.emplace_back("Retry-After", "1");
    respond(std::move(r));
  }
}

ApiResponse Api::LogOut(const Principal& who) {
  if (!who.by_session())
    return ErrorResponse(Refusal::kFailedPrecondition, "only a browser session logs out");
  {
    auto reader = Reader();
    if (auto s = reader->DeleteSession(who.session_hash); !s) return ErrorResponse(s.error());
  }
  CredentialEnded(who.session_hash);
  ApiResponse r = Json(200, {{"logged_out", true}});
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                           "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                           (options_.secure_cookies ? "; Secure" : ""));
  return r;
}

ApiResponse Api::DeadLetters(const Principal& who) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "dead letters are for staff");
  auto reader = Reader();
  auto dead = reader->DeadLetters(200);
  if (!dead) return ErrorResponse(dead.error());
  json::Json items = json::Json::array();
  for (const auto& d : *dead)
    items.push_back({{"id", d.id},
                     {"ticket", TicketRef(d.effect.ticket)},
                     {"kind", EffectKindName(d.effect.kind)},
                     {"to", d.effect.to},
                     {"template", d.effect.template_name},
                     {"attempts", d.attempts},
                     {"last_error", d.last_error},
                     {"created_at", FormatTimestamp(d.created_at, P().zone)},
                     {"dead_at", FormatTimestamp(*d.dead_at, P().zone)}});
  json::Json body = json::Json::object();
  body["dead_letters"] = std::move(items);
  return Json(200, body);
}

ApiResponse Api::ClockView() {
  return Json(200, {{"now", FormatTimestamp(clock_.Now(), P().zone)},
                    {"simulated", simulated_ != nullptr}});
}

void Api::MoveClock(const ApiRequest& request, const Principal& who, Respond respond) {
  if (who.is_client())
    return respond(ErrorResponse(Refusal::kPermissionDenied, "only staff move a sandbox's clock"));
  if (simulated_ == nullptr)
    return respond(ErrorResponse(Refusal::kFailedPrecondition,
                                 "this server runs on the system clock; only a sandbox started "
                                 "with --simulate-from can move its clock"));
  ApiResponse error;
  auto body = ParseBody(request.body, options_.limits, error);
  if (!body) return respond(std::move(error));
  Timestamp target = clock_.Now();
  if (body->contains("advance") && (*body)["advance"].is_string()) {
    auto d = ParseDuration((*body)["advance"].get<std::string>());
    if (!d) return respond(ErrorResponse(Refusal::kInvalidArgument, d.error().message, "advance"));
    target += *d;
  } else if (body->contains("to") && (*body)["to"].is_string()) {
    auto t = ParseTimestamp((*body)["to"].get<std::string>());
    if (!t) return respond(ErrorResponse(Refusal::kInvalidArgument, t.error().message, "to"));
    if (*t < target)
      return respond(ErrorResponse(Refusal::kInvalidArgument, "the clock never runs back", "to"));
    target = *t;
  } else {
    return respond(ErrorResponse(Refusal::kInvalidArgument,
                                 "give \"advance\" (a duration) or \"to\" (an instant)",
                                 "advance"));
  }
  simulated_->AdvanceTo(target);
  // Answer once every deadline due by the new time has fired, so callers see its effects.
  engine_.AfterCatchingUp([this, respond = std::move(respond)]() mutable { respond(ClockView()); });
}

ApiResponse Api::MetricsView(const ApiRequest& request) {
  // Counts of tickets and queues are not for the internet: a scraper's token, else loopback.
  if (options_.metrics_token.empty()
          ? !IsLoopback(request.remote)
          : !SameSecret(request.Header("authorization"), "Bearer " + options_.metrics_token)) {
    ApiResponse r = ErrorResponse(Refusal::kUnauthenticated,
                                  options_.metrics_token.empty()
                                      ? "metrics are served to loopback callers only"
                                      : "send 'Authorization: Bearer <metrics token>'");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  std::map<std::string, int64_t> open;
  int64_t backlog = 0;
  {
    auto reader = Reader();
    if (auto counts = reader->CountOpenTicketsByTier()) open = std::move(*counts);
    if (auto b = reader->OutboxBacklog()) backlog = *b;
  }
  ApiResponse r{200, metrics_.Render(engine_.Stats(), open, backlog)};
  r.content_type = "text/plain; version=0.0.4";
  return r;
}

}  // namespace tierdesk::http

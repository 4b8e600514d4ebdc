// Browser sessions: signing in (passwords checked off the HTTP threads, failures counted per
// login and address), who is signed in, signing out.
#include "http/auth/sessions_resource.h"

#include <spdlog/spdlog.h>

#include "http/api/api_util.h"

namespace tierdesk::http {

ApiResponse SessionsResource::Session(const Principal& who) {
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
      auto reader = readers_.Borrow();
      if (auto client = reader->FindClient(who.client_id); client && *client)
        name = (*client)->name;
    }
    body["name"] = name;
    body["roles"] = json::Json::array();
    body["tiers"] = json::Json::array();
  }
  return Json(200, body);
}

void SessionsResource::LogIn(const ApiRequest& request, Respond respond) {
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
    auto reader = readers_.Borrow();
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
  // Frees the caller's check slots, once however often it is called (a failure may end the job
  // after a path that freed them).
  auto done = [this, keys, freed = std::make_shared<std::atomic<bool>>(false)] {
    if (freed->exchange(true)) return;
    std::lock_guard lock(checks_mu_);
    for (const std::string* key : {&keys.login, &keys.address})
      if (--checks_in_progress_[*key] == 0) checks_in_progress_.erase(*key);
  };
  // argon2 runs on the password pool: the HTTP threads and the readers stay free for others.
  auto check = [this, login = std::move(login), password = std::move(password),
                stored_hash = std::move(stored_hash), keys, respond, done, too_many]() mutable {
    try {
      const bool right = CheckPassword(stored_hash, password);
      if (!right) {
        const Timestamp now = clock_.Now();
        auto reader = readers_.Borrow();
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
        auto reader = readers_.Borrow();
        const std::vector<std::string> own = keys.OfTheLogin();
        if (auto cleared = reader->ClearLoginFailures(own); !cleared)
          return respond(ErrorResponse(cleared.error()));
        session = OpenSession(login, *reader, *procedure_, clock_.Now(), options_.session_ttl);
      }
      if (!session) {
        if (session.error().code == ErrorCode::kPermissionDenied)
          return respond(ErrorResponse(Refusal::kUnauthenticated, "wrong login or password"));
        return respond(ErrorResponse(session.error()));
      }
      ApiResponse r = Json(
          200, {{"actor", session->record.actor},
                {"csrf_token", session->record.csrf_token},
                {"expires_at", FormatTimestamp(session->record.expires_at, procedure_->zone)}});
      r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" +
                                               session->cookie_secret +
                                               "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                               std::to_string(options_.session_ttl.count()) +
                                               (options_.secure_cookies ? "; Secure" : ""));
      respond(std::move(r));
    } catch (const std::exception& e) {
      // The pool keeps running whatever a job throws, but the caller must still hear an answer
      // and its slots be freed: else its sign-in waits for ever and its next ones are refused.
      done();
      respond(ErrorResponse(Refusal::kInternal, std::string("the sign-in failed: ") + e.what()));
    }
  };
  if (!password_checks_.TryPost(std::move(check))) {
    done();
    ApiResponse r = ErrorResponse(Refusal::kUnavailable, "too many logins at once; try again");
    r.headers.emplace_back("Retry-After", "1");
    respond(std::move(r));
  }
}

ApiResponse SessionsResource::LogOut(const Principal& who) {
  if (!who.by_session())
    return ErrorResponse(Refusal::kFailedPrecondition, "only a browser session logs out");
  {
    auto reader = readers_.Borrow();
    if (auto s = reader->DeleteSession(who.session_hash); !s) return ErrorResponse(s.error());
  }
  ends_.Ended(who.session_hash);
  ApiResponse r = Json(200, {{"logged_out", true}});
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                           "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                           (options_.secure_cookies ? "; Secure" : ""));
  return r;
}

}  // namespace tierdesk::http

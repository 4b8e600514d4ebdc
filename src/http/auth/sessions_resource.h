#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "common/clock.h"
#include "http/api/api_options.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/api/rate_limiter.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"
#include "http/auth/credential_ends.h"
#include "http/auth/login_guard.h"
#include "http/auth/work_pool.h"

namespace tierdesk::http {

// Browser sessions (sessions_resource.cc): POST /api/v1/login, /logout and GET /session.
class SessionsResource {
 public:
  SessionsResource(ReaderPool& readers, const ProcedureInForce& procedure, const Clock& clock,
                   const ApiOptions& options, CredentialEnds& ends)
      : readers_(readers),
        procedure_(procedure),
        clock_(clock),
        options_(options),
        ends_(ends),
        login_guard_(options.login),
        logins_(options.logins_per_minute / 60, options.logins_per_minute),
        password_checks_(options.password_threads, options.password_queue) {}

  // Answers on the password pool's thread once the password is checked.
  void LogIn(const ApiRequest& request, Respond respond);
  ApiResponse LogOut(const Principal& who);
  // Who the caller is, for the web pages (which cannot read the HttpOnly session cookie).
  ApiResponse Session(const Principal& who);

 private:
  ReaderPool& readers_;
  const ProcedureInForce& procedure_;
  const Clock& clock_;
  const ApiOptions& options_;
  CredentialEnds& ends_;
  LoginGuard login_guard_;
  RateLimiter logins_;  // sessions opened, per login
  // Password checks waiting or running, per login and per address (keys as LoginGuard's).
  std::mutex checks_mu_;
  std::map<std::string, size_t> checks_in_progress_;  // guarded by checks_mu_
  std::atomic<int64_t> last_failure_sweep_{0};  // epoch seconds of the last ForgetLoginFailures
  // Last member: its threads are joined first on destruction, while what they use still lives.
  WorkPool password_checks_;
};

}  // namespace tierdesk::http

#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/result.h"

namespace tierdesk::http {

// Every way the API refuses a request. Each has one wire code (ErrorDetail.code in the API
// document, which lists them all) and one HTTP status, in the table in error_mapping.cc.
enum class Refusal {
  kMalformedRequest,      // 400 invalid_argument: a header or parameter that cannot be read
  kInvalidEncoding,       // 400 invalid_encoding: not UTF-8
  kInvalidJson,           // 400 invalid_json
  kUnauthenticated,       // 401
  kPermissionDenied,      // 403
  kCsrf,                  // 403 csrf: a write without the session's CSRF token
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kFailedPrecondition,    // 409: legal, but not in the ticket's (or server's) current state
  kAlreadyExists,         // 409
  kVersionMismatch,       // 409: the ticket changed since the If-Match version
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kInvalidArgument,       // 422: a field that is missing or wrong
  kIdempotencyKeyReused,  // 422: the same key with another request
  kRateLimited,           // 429
  kTooManyFailedLogins,   // 429
  kTooManyStreams,        // 429
  kUploadQuota,           // 429
  kInternal,              // 500
  kUnavailable,           // 503: a dependency is down; retrying may help
};

struct RefusalWire {
  Refusal refusal;
  std::string_view code;
  int status;
};

// The whole table, for the API document's check.
std::span<const RefusalWire> AllRefusals();
const RefusalWire& WireOf(Refusal refusal);
// How the API refuses what the core or a store refused with `code`.
Refusal RefusalFor(ErrorCode code);

// {"error":{"code","message","field"}}
std::string ErrorBody(Refusal refusal, std::string_view message, std::string_view field = {});
std::string ErrorBody(const Error& error);

}  // namespace tierdesk::http

#include "http/api/error_mapping.h"

#include <array>
#include <nlohmann/json.hpp>

namespace tierdesk::http {

namespace {

constexpr std::array kRefusals = {
    RefusalWire{Refusal::kMalformedRequest, "invalid_argument", 400},
    RefusalWire{Refusal::kInvalidEncoding, "invalid_encoding", 400},
    RefusalWire{Refusal::kInvalidJson, "invalid_json", 400},
    RefusalWire{Refusal::kUnauthenticated, "unauthenticated", 401},
    RefusalWire{Refusal::kPermissionDenied, "permission_denied", 403},
    RefusalWire{Refusal::kCsrf, "csrf", 403},
    RefusalWire{Refusal::kNotFound, "not_found", 404},
    RefusalWire{Refusal::kMethodNotAllowed, "method_not_allowed", 405},
    RefusalWire{Refusal::kFailedPrecondition, "failed_precondition", 409},
    RefusalWire{Refusal::kAlreadyExists, "already_exists", 409},
    RefusalWire{Refusal::kVersionMismatch, "version_mismatch", 409},
    RefusalWire{Refusal::kPayloadTooLarge, "payload_too_large", 413},
    RefusalWire{Refusal::kUnsupportedMediaType, "unsupported_media_type", 415},
    RefusalWire{Refusal::kInvalidArgument, "invalid_argument", 422},
    RefusalWire{Refusal::kIdempotencyKeyReused, "idempotency_key_reused", 422},
    RefusalWire{Refusal::kRateLimited, "rate_limited", 429},
    RefusalWire{Refusal::kTooManyFailedLogins, "too_many_failed_logins", 429},
    RefusalWire{Refusal::kTooManyStreams, "too_many_streams", 429},
    RefusalWire{Refusal::kUploadQuota, "upload_quota", 429},
    RefusalWire{Refusal::kInternal, "internal", 500},
    RefusalWire{Refusal::kUnavailable, "unavailable", 503},
};

// The table is in enum order, so a refusal is its own index.
constexpr bool InEnumOrder() {
  for (size_t i = 0; i < kRefusals.size(); ++i)
    if (size_t(kRefusals[i].refusal) != i) return false;
  return true;
}
static_assert(InEnumOrder());
static_assert(kRefusals.size() == size_t(Refusal::kUnavailable) + 1);

}  // namespace

std::span<const RefusalWire> AllRefusals() { return kRefusals; }

const RefusalWire& WireOf(Refusal refusal) { return kRefusals[size_t(refusal)]; }

Refusal RefusalFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return Refusal::kInvalidArgument;
    case ErrorCode::kNotFound:
      return Refusal::kNotFound;
    case ErrorCode::kAlreadyExists:
      return Refusal::kAlreadyExists;
    case ErrorCode::kFailedPrecondition:
      return Refusal::kFailedPrecondition;  // an illegal transition
    case ErrorCode::kPermissionDenied:
      return Refusal::kPermissionDenied;
    case ErrorCode::kUnavailable:
      return Refusal::kUnavailable;
    case ErrorCode::kInternal:
      return Refusal::kInternal;
  }
  return Refusal::kInternal;
}

std::string ErrorBody(Refusal refusal, std::string_view message, std::string_view field) {
  nlohmann::json error{{"code", WireOf(refusal).code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  // Messages quote what the caller sent; should that not be UTF-8, the writer must not throw.
  return nlohmann::json{{"error", error}}.dump(-1, ' ', false,
                                               nlohmann::json::error_handler_t::replace);
}

std::string ErrorBody(const Error& error) {
  return ErrorBody(RefusalFor(error.code), error.message, error.field);
}

}  // namespace tierdesk::http

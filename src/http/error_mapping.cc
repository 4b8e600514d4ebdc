#include "http/error_mapping.h"

#include <nlohmann/json.hpp>

namespace tierdesk::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 409;  // an illegal transition
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string ErrorBody(std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::json error{{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  // Messages quote what the caller sent; should that not be UTF-8, the writer must not throw.
  return nlohmann::json{{"error", error}}.dump(-1, ' ', false,
                                               nlohmann::json::error_handler_t::replace);
}

std::string ErrorBody(const Error& error) {
  return ErrorBody(ErrorCodeName(error.code), error.message, error.field);
}

}  // namespace tierdesk::http

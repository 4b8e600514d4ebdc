#pragma once

#include <string>

#include "common/result.h"

namespace tierdesk::http {

// The one table from error codes to HTTP statuses.
int HttpStatusFor(ErrorCode code);
// {"error":{"code","message","field"}}
std::string ErrorBody(const Error& error);
std::string ErrorBody(std::string_view code, std::string_view message, std::string_view field = {});

}  // namespace tierdesk::http

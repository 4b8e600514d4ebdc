#pragma once

// Internal to http/: helpers the Api's handler files share.

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "core/procedure.h"
#include "http/api.h"
#include "json/codec.h"

namespace tierdesk::http {

// Decodes %XX escapes and '+' (form and query encoding).
std::string PercentDecode(std::string_view s);
ApiResponse Json(int status, const json::Json& body);
ApiResponse ErrorResponse(const Error& error);
ApiResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                          std::string_view field = {});
// Parses a JSON object body; nullopt with the response to send when it is not one.
std::optional<json::Json> ParseBody(const std::string& body, ApiResponse& error);
// Fields that come from the URL, the credentials or the headers, never from the body.
std::optional<ApiResponse> ReservedFieldIn(const json::Json& body);
json::Json PeopleJson(const core::Procedure& p);
json::Json AssetsJson(const core::Procedure& p);

}  // namespace tierdesk::http

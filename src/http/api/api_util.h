#pragma once

// Internal to http/: helpers the Api's handler files share.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "core/procedure.h"
#include "http/api/api_options.h"
#include "http/api/error_mapping.h"
#include "http/api/exchange.h"
#include "http/auth/auth.h"
#include "json/bounded.h"
#include "json/codec.h"

namespace tierdesk::http {

// Decodes %XX escapes and '+' (form and query encoding).
std::string PercentDecode(std::string_view s);
// The query's parameters, decoded; nullopt with the response to send (400 naming the parameter)
// when one is not UTF-8.
std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query,
                                                             ApiResponse& error);
ApiResponse Json(int status, const json::Json& body);
ApiResponse ErrorResponse(const Error& error);
ApiResponse ErrorResponse(Refusal refusal, std::string_view message, std::string_view field = {});
// A command's refusal as its sender hears it (the core's expected version came from If-Match).
ApiResponse CommandErrorResponse(Error error);
// Parses a JSON object body within `limits` (depth, string lengths, list sizes); nullopt with
// the response to send (naming the field) when it is not one or breaks a limit.
std::optional<json::Json> ParseBody(const std::string& body, const RequestLimits& limits,
                                    ApiResponse& error);
// Fields that come from the URL, the credentials or the headers, never from the body.
std::optional<ApiResponse> ReservedFieldIn(const json::Json& body);
// Whether a Content-Type header names `type` (parameters such as charset aside).
bool IsMediaType(std::string_view header, std::string_view type);
ApiResponse BodyTooLarge(size_t limit);
// 403 for the mail gateway, whose credential hands in mail and does nothing else.
std::optional<ApiResponse> NotForGateway(const Principal& who);
// A stored file as a download named `name`, never rendered: its sender chose its type and its
// bytes (an SVG or HTML file shown inline would run in the desk's origin).
ApiResponse FileDownload(std::string bytes, std::string_view name);
// Whether a peer address (as the server reports it) is this machine.
bool IsLoopback(std::string_view address);
// Compares two secrets in time that does not depend on where they differ.
bool SameSecret(std::string_view a, std::string_view b);
json::Json PeopleJson(const core::Procedure& p);
json::Json AssetsJson(const core::Procedure& p);
// The teams a tier may consult (id, name, calendar, answer_within, chain, members, confirms_fix).
json::Json ConsultTeamsJson(const core::Procedure& p);

}  // namespace tierdesk::http

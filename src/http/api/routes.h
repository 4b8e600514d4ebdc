#pragma once

// The shape of the Api's route table and how a request finds its entry. The table itself (with
// the handlers) is in api_routes.cc; `Api::Routes()` shows it without them.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tierdesk::http {

// What the Api checks before a route's handler runs (api.cc, Api::Route and Api::CheckCaller).
enum class RouteAccess {
  kOpen,       // anyone, no limit: probes, the OpenAPI document (/metrics checks its caller)
  kByAddress,  // anyone, rate-limited by address: the pages behind mailed links
  kLogin,      // no credentials needed (read if sent, to tell callers apart), rate-limited
               // like /api/v1, its body must be JSON
  kCaller,     // a token or session: rate-limited per caller; POSTs checked (read-only, CSRF,
               // size, media type); the mail gateway's token only where the body is mail
};

// The media type a POST's body must have (an empty body passes, except for the login).
enum class RouteBody {
  kJson,  // application/json, at most `max_body_bytes`
  kMail,  // message/rfc822, at most `max_mail_bytes`: received mail, the gateway's one route
  kProcedureText,  // application/toml or text/plain, at most `max_body_bytes`: a procedure file
  kUpload,         // a file to attach (http/uploads.h: images, PDF, plain text), at most
                   // `max_upload_bytes`
};

struct RouteInfo {
  std::string_view method;   // "GET", "POST"
  std::string_view pattern;  // "/api/v1/tickets/{ref}": literal segments and {parameters}
  std::string_view name;     // the metrics label: the pattern
  RouteAccess access = RouteAccess::kCaller;
  RouteBody body = RouteBody::kJson;
};

// The non-empty segments of a path ("//a/b/" is a, b), as routes are matched on them.
std::vector<std::string> PathSegments(std::string_view path);

// Whether `segments` fit `pattern`, segment by segment; a {parameter} takes any one segment.
// The parameters' values are appended to `params` in order when it is given.
bool PatternMatches(std::string_view pattern, const std::vector<std::string>& segments,
                    std::vector<std::string>* params = nullptr);

struct RouteMatch {
  // The entry for this method and path (its index in the table), or -1.
  int index = -1;
  std::vector<std::string> params;  // its {parameters}, in order
  // When the path fits some pattern but not with this method: the first such entry, and the
  // methods the path takes ("GET, POST") for a 405's Allow header.
  int path_index = -1;
  std::string allowed;
};

// The first entry whose pattern fits and whose method is `method`.
RouteMatch MatchRoute(std::span<const RouteInfo> routes, std::string_view method,
                      const std::vector<std::string>& segments);

}  // namespace tierdesk::http

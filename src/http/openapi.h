#pragma once

#include <string_view>

namespace tierdesk::http {

// The OpenAPI 3.1 document of the API (src/http/openapi.json, embedded at build time).
// tests/integration checks that every route it lists is served and every served route is in it.
std::string_view OpenApiDocument();

}  // namespace tierdesk::http

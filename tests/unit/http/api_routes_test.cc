// The Api's route table: how a path finds its entry, 405 for a known path with another method,
// the web pages beside the API, and the headers every answer carries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "http/api/routes.h"
#include "http/transport/security_headers.h"
#include "http/pages/static_site.h"
#include "security/api_harness.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Header(const http::ApiResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

TEST(RoutePattern, MatchesSegmentBySegment) {
  std::vector<std::string> params;
  EXPECT_TRUE(http::PatternMatches("/api/v1/tickets/{ref}/{command}",
                                   {"api", "v1", "tickets", "TD-1", "note"}, &params));
  EXPECT_THAT(params, ::testing::ElementsAre("TD-1", "note"));
  params.clear();
  EXPECT_FALSE(http::PatternMatches("/api/v1/tickets/{ref}", {"api", "v1", "tickets"}, &params));
  EXPECT_FALSE(http::PatternMatches("/api/v1/tickets/{ref}", {"api", "v1", "tickets", "a", "b"}));
  EXPECT_FALSE(http::PatternMatches("/api/v1/tickets/{ref}/attachments/{sha}",
                                    {"api", "v1", "tickets", "TD-1", "files", "x"}, &params));
  EXPECT_TRUE(params.empty());  // nothing left behind by a failed match
  EXPECT_TRUE(http::PatternMatches("/healthz", http::PathSegments("//healthz/")));
  EXPECT_TRUE(http::PatternMatches("/", http::PathSegments("/")));
}

TEST(RoutePattern, AKnownPathWithAnotherMethodListsTheMethodsItTakes) {
  const http::RouteInfo routes[] = {{"GET", "/a/{x}", "/a/{x}"},
                                    {"POST", "/a/{x}", "/a/{x}"},
                                    {"GET", "/a/b", "/a/b"},
                                    {"GET", "/c", "/c"}};
  auto get = http::MatchRoute(routes, "GET", {"a", "b"});
  EXPECT_EQ(get.index, 0);  // the first entry that fits wins
  EXPECT_THAT(get.params, ::testing::ElementsAre("b"));
  auto put = http::MatchRoute(routes, "PUT", {"a", "b"});
  EXPECT_EQ(put.index, -1);
  EXPECT_EQ(put.path_index, 0);
  EXPECT_EQ(put.allowed, "GET, POST");
  auto none = http::MatchRoute(routes, "GET", {"d"});
  EXPECT_EQ(none.index, -1);
  EXPECT_EQ(none.path_index, -1);
}

TEST(RouteTable, EachMethodAndPatternOnceAndOnlyTheLoginWithoutCredentialsUnderApiV1) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const http::RouteInfo& route : http::Api::Routes()) {
    EXPECT_TRUE(seen.emplace(route.method, route.pattern).second)
        << route.method << " " << route.pattern;
    EXPECT_EQ(route.name, route.pattern);
    EXPECT_TRUE(route.method == "GET" || route.method == "POST") << route.pattern;
    if (route.pattern.starts_with("/api/v1/") && route.pattern != "/api/v1/login") {
      EXPECT_EQ(route.access, http::RouteAccess::kCaller) << route.pattern;
    }
    EXPECT_EQ(route.body == http::RouteBody::kMail, route.pattern == "/api/v1/mail/inbound")
        << route.pattern;
    EXPECT_EQ(route.body == http::RouteBody::kProcedureText,
              route.pattern == "/api/v1/procedure/validate" ||
                  (route.pattern == "/api/v1/procedure" && route.method == "POST"))
        << route.method << " " << route.pattern;
  }
  EXPECT_GE(seen.size(), 35u);
}

class ApiRoutes : public ::testing::Test {
 protected:
  ApiRoutes() : h_((kSourceDir / "procedures" / "000-three-level-support.toml").string()) {
    staff_ = h_.Token("psc-anil");
  }
  http::ApiResponse Get(const std::string& path, std::map<std::string, std::string> headers = {}) {
    return h_.Send({"GET", path, "", std::move(headers)});
  }

  ApiHarness h_;
  std::string staff_;
};

TEST_F(ApiRoutes, EveryPathOfTheTableAnswers405ToAnotherMethod) {
  std::map<std::string, std::set<std::string>> methods;  // by pattern
  for (const http::RouteInfo& route : http::Api::Routes())
    methods[std::string(route.pattern)].insert(std::string(route.method));
  for (const auto& [pattern, taken] : methods) {
    std::string path = pattern;
    for (size_t at; (at = path.find('{')) != std::string::npos;)
      path.replace(at, path.find('}', at) - at + 1, "x");
    for (const char* method : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
      if (taken.count(method)) continue;
      auto r = h_.As(staff_, method, path);
      EXPECT_EQ(r.status, 405) << method << " " << path << ": " << r.body;
      std::string allowed;
      for (const auto& m : taken) allowed += (allowed.empty() ? "" : ", ") + m;
      EXPECT_EQ(Header(r, "Allow"), allowed) << method << " " << path;
      EXPECT_EQ(r.route, pattern);
      EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "method_not_allowed");
    }
  }
}

TEST_F(ApiRoutes, ChecksStayInTheirOrder) {
  // Under /api/v1 credentials come first, for unknown paths and other methods too.
  EXPECT_EQ(h_.Send({"DELETE", "/api/v1/tickets"}).status, 401);
  EXPECT_EQ(h_.Send({"GET", "/api/v1/nothing"}).status, 401);
  EXPECT_EQ(h_.As(staff_, "GET", "/api/v1/nothing").status, 404);
  // The login takes no credentials but wants JSON.
  EXPECT_EQ(h_.Send({"POST", "/api/v1/login", "x", {{"content-type", "text/plain"}}}).status, 415);
  // Paths outside /api/v1 need none.
  EXPECT_EQ(Get("/healthz").status, 200);
  EXPECT_EQ(Get("/api/openapi.json").status, 200);
  EXPECT_EQ(h_.Send({"POST", "/healthz"}).status, 405);
  // A read-only token is refused before the method is looked at.
  const std::string reader = h_.Token("psc-anil", /*read_only=*/true);
  EXPECT_EQ(h_.As(reader, "POST", "/api/v1/people").status, 403);
  EXPECT_EQ(h_.As(staff_, "POST", "/api/v1/people").status, 405);
  // Received mail only where the table says the body is mail.
  const std::string gateway = h_.Token("mail-gateway");
  EXPECT_EQ(h_.As(gateway, "GET", "/api/v1/tickets").status, 403);
  auto mail = h_.As(gateway, "POST", "/api/v1/mail/inbound", "From: a@b\r\n\r\nhi",
                    {{"content-type", "application/json"}});
  EXPECT_EQ(mail.status, 415);
  EXPECT_THAT(mail.body, HasSubstr("message/rfc822"));
  // A procedure file comes as TOML or plain text, never as JSON.
  auto draft = h_.As(staff_, "POST", "/api/v1/procedure/validate", "[procedure]",
                     {{"content-type", "application/json"}});
  EXPECT_EQ(draft.status, 415);
  EXPECT_THAT(draft.body, HasSubstr("application/toml or text/plain"));
}

TEST_F(ApiRoutes, EveryAnswerCarriesTheSecurityHeaders) {
  for (const auto& r : {Get("/healthz"), Get("/api/v1/tickets"), h_.As(staff_, "GET", "/nope"),
                        h_.As(staff_, "GET", "/api/v1/tickets"), Get("/")}) {
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff") << r.route;
    EXPECT_EQ(Header(r, "Referrer-Policy"), "same-origin") << r.route;
  }
  auto api = h_.As(staff_, "GET", "/api/v1/tickets");
  EXPECT_EQ(Header(api, "Content-Security-Policy"), "");  // JSON is no page
  auto page = Get("/");
  EXPECT_EQ(Header(page, "Content-Security-Policy"), http::kPageContentSecurityPolicy);
  EXPECT_EQ(Header(page, "X-Frame-Options"), "DENY");
}

TEST_F(ApiRoutes, WithoutPagesTheRootSaysHowToBuildThem) {
  auto r = Get("/");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_THAT(r.body, HasSubstr("bash scripts/build-web.sh"));
  EXPECT_EQ(Get("/console").content_type, "application/json");  // only the root explains
}

// The link pages keep their one inline style under the strict page policy: allowed by its hash,
// with no 'unsafe-inline' anywhere.
TEST_F(ApiRoutes, LinkPagesAllowTheirStyleByItsHashOnly) {
  auto r = Get("/l/not-a-real-link");
  ASSERT_EQ(r.content_type, "text/html; charset=utf-8");
  const std::string policy = Header(r, "Content-Security-Policy");
  EXPECT_THAT(policy, Not(HasSubstr("unsafe")));
  EXPECT_THAT(policy, HasSubstr("script-src 'self'"));
  EXPECT_THAT(policy, HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(Header(r, "Referrer-Policy"), "no-referrer");  // the address holds the token
  const size_t open = r.body.find("<style>") + 7;
  const std::string style = r.body.substr(open, r.body.find("</style>") - open);
  ASSERT_FALSE(style.empty());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(style.data()), style.size());
  char base64[sodium_base64_ENCODED_LEN(sizeof digest, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(base64, sizeof base64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  EXPECT_THAT(policy, HasSubstr("style-src 'self' 'sha256-" + std::string(base64) + "'"));
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
}

class ApiWithPages : public ApiRoutes {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) / ("api-pages-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<!doctype html><title>desk</title>";
    std::ofstream(root_ / "assets" / "app-1a2b.js") << "run()";
    auto site = http::StaticSite::Load(root_);
    ASSERT_TRUE(site) << site.error().message;
    site_ = std::make_unique<http::StaticSite>(std::move(*site));
    h_.api().SetStaticSite(site_.get());
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  std::unique_ptr<http::StaticSite> site_;
};

TEST_F(ApiWithPages, PagesOutsideTheApiAndJsonInsideIt) {
  auto root = Get("/");
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.body, "<!doctype html><title>desk</title>");
  EXPECT_EQ(Header(root, "Content-Security-Policy"), http::kPageContentSecurityPolicy);
  EXPECT_EQ(root.route, "/{page}");
  EXPECT_EQ(Get("/console/tickets/TD-4").body, root.body);
  auto script = Get("/assets/app-1a2b.js");
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Header(script, "Content-Security-Policy"), "");
  EXPECT_EQ(Header(script, "X-Content-Type-Options"), "nosniff");
  // The API's paths never fall back to the app's page.
  for (const char* path : {"/api/v1/nope", "/api/v2/tickets", "/api", "/l", "/l/a/b", "/healthz/x",
                           "/metrics/x", "/readyz/y", "/assets/gone.js"}) {
    auto r = h_.As(staff_, "GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/json") << path;
  }
  // Pages are read, never written.
  EXPECT_EQ(h_.As(staff_, "POST", "/console", "{}").status, 404);
}

// HEAD is answered as GET (the transport sends the headers only); an ETag the browser has
// answers 304 without a body.
TEST_F(ApiWithPages, HeadIsAnsweredAsGetAndAKnownETagWith304) {
  auto get = Get("/assets/app-1a2b.js");
  auto head = h_.Send({"HEAD", "/assets/app-1a2b.js"});
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers, get.headers);
  EXPECT_EQ(head.body, get.body);
  EXPECT_EQ(h_.As(staff_, "HEAD", "/api/v1/tickets").status, 405);  // the API has no HEAD
  auto not_modified = Get("/", {{"if-none-match", Header(Get("/"), "ETag")}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
}

}  // namespace
}  // namespace tierdesk::testing

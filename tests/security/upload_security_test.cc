// POST /api/v1/uploads is a write like the others: bounded by its own limit (and no other route
// by it), CSRF-checked for browser sessions, rate-limited per caller. Through the transport-free
// Api.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "security/api_harness.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

std::string ErrorField(const http::ApiResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("field", "") : "";
}

http::ApiOptions Limits(size_t max_upload_bytes, double requests_per_second = 0) {
  http::ApiOptions options;
  options.limits.max_upload_bytes = max_upload_bytes;
  options.requests_per_second = requests_per_second;
  options.burst = 2 * requests_per_second;
  return options;
}

class UploadSecurity : public ::testing::Test {
 protected:
  explicit UploadSecurity(http::ApiOptions options = Limits(4 << 20))
      : h_((kSourceDir / "procedures" / "000-three-level-support.toml").string(),
           std::move(options)) {}
  http::ApiResponse Upload(const std::string& body, std::map<std::string, std::string> headers) {
    headers["content-type"] = "image/png";
    return h_.Send({"POST", "/api/v1/uploads?name=shot.png", body, std::move(headers)});
  }
  std::map<std::string, std::string> Bearer(const std::string& actor) {
    return {{"authorization", "Bearer " + h_.Token(actor)}};
  }

  ApiHarness h_;
};

TEST_F(UploadSecurity, TheUploadLimitIsTheUploadRoutesOnly) {
  EXPECT_EQ(Upload(std::string(2 << 20, 'x'), Bearer("client:C-1001")).status, 201);
  auto over = Upload(std::string((4 << 20) + 1, 'x'), Bearer("client:C-1001"));
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(ErrorField(over), "body");
  // A JSON body keeps its own 1 MiB limit, however large uploads may be.
  auto headers = Bearer("client:C-1001");
  headers["content-type"] = "application/json";
  auto json = h_.Send(
      {"POST", "/api/v1/tickets", "{\"title\":\"" + std::string(2 << 20, 't') + "\"}", headers});
  EXPECT_EQ(json.status, 413);
}

TEST_F(UploadSecurity, ABrowserSessionsUploadNeedsItsCsrfToken) {
  auto session = http::OpenSession("client:C-1001", h_.store(), h_.procedure(), h_.clock().Now(),
                                   Seconds{3600});
  ASSERT_TRUE(session) << session.error().ToString();
  const std::string cookie = std::string(http::kSessionCookie) + "=" + session->cookie_secret;
  auto forged = Upload("\x89PNG", {{"cookie", cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(ErrorField(forged), "X-CSRF-Token");
  auto own = Upload("\x89PNG", {{"cookie", cookie}, {"x-csrf-token", session->record.csrf_token}});
  EXPECT_EQ(own.status, 201) << own.body;
}

class RateLimitedUploads : public UploadSecurity {
 protected:
  RateLimitedUploads() : UploadSecurity(Limits(4 << 20, /*requests_per_second=*/1)) {}
};

TEST_F(RateLimitedUploads, UploadsCountAgainstTheCallersRate) {
  const auto client = Bearer("client:C-1001");
  int refused = 0;
  for (int i = 0; i < 5; ++i) refused += Upload("\x89PNG", client).status == 429;
  EXPECT_GE(refused, 2);  // a burst of 2, then about one a second
}

}  // namespace
}  // namespace tierdesk::testing

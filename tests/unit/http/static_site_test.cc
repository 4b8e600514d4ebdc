// The built web pages held in memory: what each path answers, and that nothing a request names
// reaches the disk.
#include "http/pages/static_site.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace tierdesk::http {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kIndex = "<!doctype html><title>tierdesk</title><div id=app></div>";
constexpr const char* kSecret = "the secret next door";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

std::string Header(const ApiResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

void Write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A site as Vite builds it, in <tmp>/site, beside a file the site must never show.
class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("static-site-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    root_ = dir_ / "site";
    Write(root_ / "index.html", kIndex);
    Write(root_ / "assets" / "index-4f2a9c.js", "console.log('app')");
    Write(root_ / "assets" / "module-77aa.mjs", "export const a = 1;");
    Write(root_ / "assets" / "index-b81d.css", "body{margin:0}");
    Write(root_ / "assets" / "index-4f2a9c.js.map", "{\"version\":3}");
    Write(root_ / "assets" / "inter-3c1f.woff2", std::string("wOF2\0\1", 6));
    Write(root_ / "assets" / "logo-9e0d.png", std::string("\x89PNG\r\n", 6));
    Write(root_ / "favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    Write(root_ / "favicon.ico", std::string("\0\0\1\0", 4));
    Write(root_ / "site.webmanifest", "{\"name\":\"tierdesk\"}");
    Write(root_ / "robots.txt", "User-agent: *\n");
    Write(root_ / "config.json", "{}");
    Write(root_ / "a b.txt", "spaced");
    Write(dir_ / "secret.txt", kSecret);
    Write(dir_ / "CMakeLists.txt", kSecret);
  }
  void TearDown() override { fs::remove_all(dir_); }

  StaticSite Load(StaticSiteLimits limits = {}) {
    auto site = StaticSite::Load(root_, limits);
    EXPECT_TRUE(site) << site.error().message;
    return std::move(*site);
  }

  fs::path dir_;
  fs::path root_;
};

TEST_F(StaticSiteTest, ServesEachFileWithItsContentType) {
  const StaticSite site = Load();
  EXPECT_EQ(site.file_count(), 13u);
  const std::map<std::string, std::string> expected = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/assets/index-4f2a9c.js", "text/javascript; charset=utf-8"},
      {"/assets/module-77aa.mjs", "text/javascript; charset=utf-8"},
      {"/assets/index-b81d.css", "text/css; charset=utf-8"},
      {"/assets/index-4f2a9c.js.map", "application/json"},
      {"/assets/inter-3c1f.woff2", "font/woff2"},
      {"/assets/logo-9e0d.png", "image/png"},
      {"/favicon.svg", "image/svg+xml"},
      {"/favicon.ico", "image/x-icon"},
      {"/site.webmanifest", "application/manifest+json"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/config.json", "application/json"}};
  for (const auto& [path, type] : expected) {
    auto r = site.Answer(path, "");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->content_type, type) << path;
    std::ifstream file(root_ / path.substr(1), std::ios::binary);
    EXPECT_EQ(r->body, std::string(std::istreambuf_iterator<char>(file), {})) << path;
  }
  EXPECT_EQ(site.Answer("/a%20b.txt", "")->body, "spaced");
}

TEST_F(StaticSiteTest, HashedAssetsAreImmutableAndOtherFilesRevalidated) {
  const StaticSite site = Load();
  EXPECT_EQ(Header(*site.Answer("/assets/index-4f2a9c.js", ""), "Cache-Control"), kImmutable);
  EXPECT_EQ(Header(*site.Answer("/assets/index-b81d.css", ""), "Cache-Control"), kImmutable);
  EXPECT_EQ(Header(*site.Answer("/index.html", ""), "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(*site.Answer("/favicon.svg", ""), "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(*site.Answer("/console/tickets", ""), "Cache-Control"), "no-cache");
}

TEST_F(StaticSiteTest, RootAndPagesOfTheAppAnswerTheIndex) {
  const StaticSite site = Load();
  for (const char* path :
       {"/", "", "/console", "/console/tickets/TD-12", "/portal/", "/assets/x"}) {
    auto r = site.Answer(path, "");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body, kIndex) << path;
    EXPECT_EQ(r->content_type, "text/html; charset=utf-8") << path;
  }
}

TEST_F(StaticSiteTest, UnknownFileWithAnExtensionIsNotFound) {
  const StaticSite site = Load();
  for (const char* path : {"/missing.js", "/assets/index-0000.js", "/favicon.png", "/x.html"})
    EXPECT_FALSE(site.Answer(path, "")) << path;
}

TEST_F(StaticSiteTest, NoRequestReachesAFileOutsideTheSite) {
  const StaticSite site = Load();
  for (const char* path :
       {"/../secret.txt", "/../CMakeLists.txt", "/%2e%2e/secret.txt", "/%2e%2e/x",
        "/%2E%2E%2Fsecret.txt", "/assets/../../secret.txt", "/assets/../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd", "/....//secret.txt", "//etc/passwd", "/etc/passwd",
        "/assets/%2e%2e/%2e%2e/CMakeLists.txt", "/%00/../secret.txt", "/..\\secret.txt"}) {
    auto r = site.Answer(path, "");
    if (!r) continue;                    // not found: fine
    EXPECT_EQ(r->body, kIndex) << path;  // at most the app's own page, never another file
    EXPECT_THAT(r->body, ::testing::Not(HasSubstr(kSecret))) << path;
  }
}

TEST_F(StaticSiteTest, AnswersFromMemoryOnly) {
  const StaticSite site = Load();
  Write(root_ / "assets" / "added-later.js", "late");
  Write(root_ / "index.html", "changed on disk");
  fs::create_symlink(dir_ / "secret.txt", root_ / "linked.txt");
  EXPECT_FALSE(site.Answer("/assets/added-later.js", ""));
  EXPECT_FALSE(site.Answer("/linked.txt", ""));
  EXPECT_EQ(site.Answer("/", "")->body, kIndex);
}

TEST_F(StaticSiteTest, SymbolicLinksInsideTheSiteAreNotFollowed) {
  fs::create_symlink(dir_ / "secret.txt", root_ / "linked.txt");
  fs::create_directory_symlink(dir_, root_ / "up");
  const StaticSite site = Load();
  EXPECT_FALSE(site.Answer("/linked.txt", ""));
  EXPECT_FALSE(site.Answer("/up/secret.txt", ""));
  EXPECT_EQ(site.file_count(), 13u);
}

TEST_F(StaticSiteTest, ETagLetsABrowserKeepItsCopy) {
  const StaticSite site = Load();
  auto first = site.Answer("/assets/index-4f2a9c.js", "");
  const std::string etag = Header(*first, "ETag");
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_NE(Header(*site.Answer("/assets/index-b81d.css", ""), "ETag"), etag);
  EXPECT_EQ(Header(*site.Answer("/assets/index-4f2a9c.js", ""), "ETag"), etag);  // stable

  for (const std::string& sent : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto again = site.Answer("/assets/index-4f2a9c.js", sent);
    EXPECT_EQ(again->status, 304) << sent;
    EXPECT_EQ(again->body, "") << sent;
    EXPECT_EQ(Header(*again, "ETag"), etag) << sent;
    EXPECT_EQ(Header(*again, "Cache-Control"), kImmutable) << sent;
  }
  auto changed = site.Answer("/assets/index-4f2a9c.js", "\"other\"");
  EXPECT_EQ(changed->status, 200);
  EXPECT_EQ(changed->body, "console.log('app')");
  // The app's pages share the index's tag.
  const std::string index_tag = Header(*site.Answer("/", ""), "ETag");
  EXPECT_EQ(site.Answer("/console/TD-1", index_tag)->status, 304);
}

TEST_F(StaticSiteTest, RefusesASiteOverItsLimits) {
  auto too_many = StaticSite::Load(root_, {.max_files = 12, .max_bytes = 50 << 20});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(too_many.error().message, HasSubstr("more than 12 files"));
  EXPECT_TRUE(StaticSite::Load(root_, {.max_files = 13, .max_bytes = 50 << 20}));

  const size_t total = Load().byte_count();
  auto too_big = StaticSite::Load(root_, {.max_files = 2000, .max_bytes = total - 1});
  ASSERT_FALSE(too_big);
  EXPECT_THAT(too_big.error().message, HasSubstr("more than " + std::to_string(total - 1)));
  EXPECT_TRUE(StaticSite::Load(root_, {.max_files = 2000, .max_bytes = total}));
}

TEST_F(StaticSiteTest, RefusesADirectoryThatIsNoSite) {
  EXPECT_FALSE(StaticSite::Load(dir_ / "nowhere"));
  EXPECT_FALSE(StaticSite::Load(dir_ / "secret.txt"));
  fs::remove(root_ / "index.html");
  auto no_index = StaticSite::Load(root_);
  ASSERT_FALSE(no_index);
  EXPECT_THAT(no_index.error().message, HasSubstr("no index.html"));
}

TEST(ContentTypeFor, UnknownExtensionsAreOpaque) {
  EXPECT_EQ(ContentTypeFor("/x.exe"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("/README"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("/INDEX.HTML"), "text/html; charset=utf-8");
}

}  // namespace
}  // namespace tierdesk::http

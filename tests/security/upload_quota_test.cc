// Hardening, round 2: uploads. A client uploaded 24 files of 10 MiB that no ticket named and the
// database grew by 351 MB in 2.9 s: no quota, and nothing removed them (item 4). Any client
// could attach a file by a digest it guessed, another client's upload or an internal note's file,
// and so learn what is stored (item 9).
#include "security/api_security_fixture.h"

namespace tierdesk::testing {
namespace {

class UploadQuota : public ApiSecurity {
 protected:
  UploadQuota() : ApiSecurity(Quota()) {}
  static http::ApiOptions Quota() {
    http::ApiOptions o;
    o.requests_per_second = 0;
    o.limits.uploads_per_caller = 3;
    o.limits.upload_bytes_per_caller = 1000;
    o.limits.upload_ttl = Seconds(3600);
    return o;
  }
  http::ApiResponse Upload(const std::string& who, const std::string& bytes) {
    return h_.As(tokens_[who], "POST", "/api/v1/uploads?name=log.txt", bytes,
                 {{"content-type", "text/plain"}});
  }
  // A note attaching the file with digest `sha256`, as `who`.
  http::ApiResponse Attach(const std::string& who, const std::string& ref,
                           const std::string& sha256) {
    return Post(who, "/api/v1/tickets/" + ref + "/note",
                {{"text", "see the log"},
                 {"attachments",
                  {{{"name", "log.txt"}, {"content_type", "text/plain"}, {"sha256", sha256}}}}});
  }
};

TEST_F(UploadQuota, ACallerUploadsAFewFilesADayAndTheOthersKeepTheirOwnAllowance) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Upload("client:C-1001", "file " + std::to_string(i)).status, 201);
  auto over = Upload("client:C-1001", "one too many");
  EXPECT_EQ(over.status, 429) << over.body;
  EXPECT_THAT(over.body, HasSubstr("upload_quota"));
  EXPECT_FALSE(Header(over, "Retry-After").empty());
  EXPECT_EQ(Upload("client:C-2002", "theirs").status, 201);
  // Bytes count too.
  EXPECT_EQ(Upload("client:C-2002", std::string(1001, 'x')).status, 429);
  // A day's allowance: an hour on (the ttl here), uploads are possible again.
  h_.clock().AdvanceTo(h_.clock().Now() + Seconds(3601));
  EXPECT_EQ(Upload("client:C-1001", "the next day").status, 201);
}

TEST_F(UploadQuota, OnlyTheUploaderAttachesAFileAndAGuessTellsNothing) {
  const std::string ref = Open("C-1001");
  auto mine = Upload("client:C-2002", "C-2002's private file");
  ASSERT_EQ(mine.status, 201);
  const std::string sha = Parse(mine)["sha256"];
  // C-1001 guesses C-2002's digest: refused exactly as a digest nobody uploaded.
  auto guessed = Attach("client:C-1001", ref, sha);
  auto unknown = Attach("client:C-1001", ref, std::string(64, 'a'));
  EXPECT_EQ(guessed.status, 422) << guessed.body;
  EXPECT_EQ(ErrorField(guessed), "attachments[0].sha256");
  EXPECT_EQ(guessed.body, unknown.body);
  // The same bytes uploaded by C-1001 are C-1001's to attach.
  ASSERT_EQ(Upload("client:C-1001", "C-2002's private file").status, 201);
  EXPECT_EQ(Attach("client:C-1001", ref, sha).status, 200);
}

TEST_F(UploadQuota, UploadsNoTicketNamesAreRemovedAndAttachedOnesKept) {
  const std::string ref = Open("C-1001");
  const std::string kept = Parse(Upload("client:C-1001", "attached"))["sha256"];
  const std::string dropped = Parse(Upload("client:C-1001", "never attached"))["sha256"];
  ASSERT_EQ(Attach("client:C-1001", ref, kept).status, 200);
  h_.clock().AdvanceTo(h_.clock().Now() + Seconds(3601));
  EXPECT_EQ(h_.store().RemoveUnusedUploads(h_.clock().Now() - Seconds(3600)).value(), 1);
  EXPECT_FALSE(h_.store().GetBlob(dropped).value().has_value());
  EXPECT_TRUE(h_.store().GetBlob(kept).value().has_value());
  // The ticket's file is still there for its readers.
  auto file =
      h_.As(tokens_["client:C-1001"], "GET", "/api/v1/tickets/" + ref + "/attachments/" + kept);
  EXPECT_EQ(file.status, 200) << file.body;
}

}  // namespace
}  // namespace tierdesk::testing

// Files over the API: a client uploads a screenshot and opens a request with it (seed 001 asks
// for screenshots), staff attach files to notes, and each file reaches only those who may see it.
// The real `tierdesk serve` on a real SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/api_fixture.h"

namespace tierdesk::testing {
namespace {

using nlohmann::json;

// A PNG's signature and every byte value after it: the bytes must come back exactly.
std::string ScreenshotBytes() {
  std::string bytes("\x89PNG\r\n\x1a\n", 8);
  for (int i = 0; i < 256; ++i) bytes += char(i);
  return bytes;
}

class Uploads : public Seed000ApiTest {
 protected:
  void SetUp() override {
    InitSeed000({"psc-anil", "client:C-1001", "client:C-2002"});
    Serve();
  }

  // POST /api/v1/uploads?name=<query_name> as `who`, the body sent as `type`.
  HttpResult Upload(const std::string& who, const std::string& query_name, const std::string& bytes,
                    const std::string& type = "image/png") {
    return Request("POST", server_->Url("/api/v1/uploads?name=" + query_name), tokens_[who], bytes,
                   {"Content-Type: " + type});
  }
  // A client's request naming `files`.
  HttpResult ClientRequest(const std::string& client, const json& files) {
    return Post("client:" + client, "/api/v1/tickets",
                {{"title", "Checkout shows an error"},
                 {"requester_email", "ganesh@client.example"},
                 {"description", "See the screenshot"},
                 {"attachments", files}});
  }
  static json FileRef(const json& uploaded) {
    return {{"sha256", uploaded["sha256"]},
            {"name", uploaded["name"]},
            {"content_type", uploaded["content_type"]}};
  }
  static std::string ErrorField(const HttpResult& r) {
    const json j = r.json();
    return j.is_object() && j.contains("error") ? j["error"].value("field", "") : "";
  }
};

TEST_F(Uploads, AClientsScreenshotGoesWithTheirRequestAndOnlyToThem) {
  const std::string bytes = ScreenshotBytes();
  auto uploaded = Upload("client:C-1001", "checkout%20error.png", bytes);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const json file = uploaded.json();
  EXPECT_EQ(file["name"], "checkout error.png");
  EXPECT_EQ(file["content_type"], "image/png");
  EXPECT_EQ(file["size"], bytes.size());
  const std::string sha = file["sha256"];
  ASSERT_EQ(sha.size(), 64u);
  // The same bytes again are the same file.
  auto again = Upload("client:C-1001", "copy.png", bytes);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["sha256"], sha);

  auto created = ClientRequest("C-1001", json::array({FileRef(file)}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string ref = created.json()["id"];
  const json listed = Get("client:C-1001", "/api/v1/tickets/" + ref).json()["attachments"];
  ASSERT_EQ(listed.size(), 1u) << listed;
  EXPECT_EQ(listed[0]["name"], "checkout error.png");
  EXPECT_EQ(listed[0]["size"], bytes.size());
  EXPECT_EQ(listed[0]["sha256"], sha);

  const std::string download = "/api/v1/tickets/" + ref + "/attachments/" + sha;
  auto mine = Get("client:C-1001", download);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.body, bytes);
  auto staff = Get("psc-anil", download);
  ASSERT_EQ(staff.status, 200);
  EXPECT_EQ(staff.body, bytes);
  // Another client cannot tell the ticket exists, nor get its file.
  EXPECT_EQ(Get("client:C-2002", download).status, 404);
  EXPECT_EQ(Get("client:C-2002", "/api/v1/tickets/" + ref).status, 404);
}

TEST_F(Uploads, StaffAttachFilesToNotesAndInternalOnesStayWithStaff) {
  const std::string ref = CreateTicket("C-1001");
  const std::string log = "2026-01-05 10:02 ERROR checkout: 500 from payment gateway\n";
  auto uploaded = Upload("psc-anil", "gateway.log", log, "text/plain; charset=utf-8");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(uploaded.json()["content_type"], "text/plain");
  auto noted = Post(
      "psc-anil", "/api/v1/tickets/" + ref + "/note",
      {{"text", "Gateway log attached"}, {"attachments", json::array({FileRef(uploaded.json())})}});
  ASSERT_EQ(noted.status, 200) << noted.body;

  const std::string sha = uploaded.json()["sha256"];
  const json for_staff = Get("psc-anil", "/api/v1/tickets/" + ref).json()["attachments"];
  ASSERT_EQ(for_staff.size(), 1u);
  EXPECT_EQ(for_staff[0]["size"], log.size());
  EXPECT_EQ(for_staff[0]["internal"], true);
  const std::string download = "/api/v1/tickets/" + ref + "/attachments/" + sha;
  EXPECT_EQ(Get("psc-anil", download).body, log);
  // The note is internal: its file is neither listed for the client nor given to them.
  EXPECT_TRUE(Get("client:C-1001", "/api/v1/tickets/" + ref).json()["attachments"].empty());
  EXPECT_EQ(Get("client:C-1001", download).status, 404);

  // A public note's file is the client's to see, as is a file the client sends with a reply.
  auto shot = Upload("client:C-1001", "after.png", ScreenshotBytes());
  ASSERT_EQ(shot.status, 201) << shot.body;
  auto replied =
      Post("client:C-1001", "/api/v1/tickets/" + ref + "/client_reply",
           {{"text", "Still failing"}, {"attachments", json::array({FileRef(shot.json())})}});
  ASSERT_EQ(replied.status, 200) << replied.body;
  auto published = Post("psc-anil", "/api/v1/tickets/" + ref + "/note",
                        {{"text", "The log, for your records"},
                         {"public", true},
                         {"attachments", json::array({FileRef(uploaded.json())})}});
  ASSERT_EQ(published.status, 200) << published.body;
  const json for_client = Get("client:C-1001", "/api/v1/tickets/" + ref).json()["attachments"];
  ASSERT_EQ(for_client.size(), 2u) << for_client;
  EXPECT_EQ(for_client[0]["name"], "after.png");
  EXPECT_EQ(for_client[1]["name"], "gateway.log");
  EXPECT_EQ(Get("client:C-1001", download).body, log);
}

TEST_F(Uploads, AttachmentsMustNameUploadedFiles) {
  auto unknown = ClientRequest(
      "C-1001",
      json::array(
          {{{"sha256", std::string(64, '0')}, {"name", "x.png"}, {"content_type", "image/png"}}}));
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(ErrorField(unknown), "attachments[0].sha256");
  auto malformed = ClientRequest(
      "C-1001",
      json::array({{{"sha256", "../../etc"}, {"name", "x.png"}, {"content_type", "image/png"}}}));
  EXPECT_EQ(malformed.status, 422) << malformed.body;
  EXPECT_EQ(ErrorField(malformed), "attachments[0].sha256");
  // The size is the stored file's: a caller does not get to state it.
  auto file = Upload("client:C-1001", "a.png", ScreenshotBytes()).json();
  json sized = FileRef(file);
  sized["size"] = 1;
  auto claimed = ClientRequest("C-1001", json::array({sized}));
  EXPECT_EQ(claimed.status, 422) << claimed.body;
  EXPECT_EQ(ErrorField(claimed), "attachments[0].size");
  // At most ten files a request.
  auto eleven = ClientRequest("C-1001", json(std::vector<json>(11, FileRef(file))));
  EXPECT_EQ(eleven.status, 422) << eleven.body;
  EXPECT_EQ(ErrorField(eleven), "attachments");
  auto ten = ClientRequest("C-1001", json(std::vector<json>(10, FileRef(file))));
  EXPECT_EQ(ten.status, 201) << ten.body;
}

TEST_F(Uploads, OnlyImagesPdfAndTextAreTaken) {
  for (const char* type : {"text/html", "image/svg+xml", "application/octet-stream"}) {
    auto r = Upload("client:C-1001", "page.html", "<script>alert(1)</script>", type);
    EXPECT_EQ(r.status, 415) << type << " " << r.body;
    EXPECT_EQ(ErrorField(r), "Content-Type") << type;
  }
  EXPECT_EQ(Upload("client:C-1001", "manual.pdf", "%PDF-1.7\n", "application/pdf").status, 201);
  EXPECT_EQ(Upload("client:C-1001", "photo.jpg", "\xff\xd8\xff\xe0", "image/jpeg").status, 201);
}

// Names are refused, not cleaned, when they hold a path or a control character: the caller then
// knows the name that is kept. Long names are cut, as received mail's are.
TEST_F(Uploads, NamesWithPathsOrControlCharactersAreRefused) {
  for (const char* name : {"../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "a%5Cb.png",
                           "line%0Abreak.png", "nul%00.png", "%E2%80%AEgnp.exe", "", ".."}) {
    auto r = Upload("client:C-1001", name, ScreenshotBytes());
    EXPECT_EQ(r.status, 422) << name << " " << r.body;
    EXPECT_EQ(ErrorField(r), "name") << name;
  }
  auto unnamed = Request("POST", server_->Url("/api/v1/uploads"), tokens_["client:C-1001"],
                         ScreenshotBytes(), {"Content-Type: image/png"});
  EXPECT_EQ(unnamed.status, 422) << unnamed.body;
  EXPECT_EQ(ErrorField(unnamed), "name");

  std::string long_name;
  for (int i = 0; i < 150; ++i) long_name += "%C3%A9";  // é, two bytes: 300 bytes
  auto cut = Upload("client:C-1001", long_name + ".png", ScreenshotBytes());
  ASSERT_EQ(cut.status, 201) << cut.body;
  EXPECT_EQ(cut.json()["name"].get<std::string>().size(), 200u);
}

TEST_F(Uploads, ReadOnlyTokensAndTheMailGatewayCannotUpload) {
  tokens_["read-only"] =
      RunTierdesk({"token", "create", "--db", db_, "--actor", "psc-anil", "--read-only"});
  tokens_["gateway"] = RunTierdesk({"token", "create", "--db", db_, "--actor", "mail-gateway"});
  for (const char* who : {"read-only", "gateway"}) {
    auto r = Upload(who, "a.png", ScreenshotBytes());
    EXPECT_EQ(r.status, 403) << who << " " << r.body;
  }
  EXPECT_EQ(Upload("", "a.png", ScreenshotBytes()).status, 401);
}

// A server whose uploads are limited below the JSON body limit, so the transport lets the larger
// file through to the route's own check.
class SmallUploads : public Uploads {
 protected:
  void SetUp() override {
    InitSeed000({"client:C-1001"});
    const std::string config = db_ + ".toml";
    std::ofstream(config) << "[limits]\nmax_upload_bytes = 65536\n";
    Serve({"--config", config});
  }
};

TEST_F(SmallUploads, FilesOverTheUploadLimitAreRefused) {
  EXPECT_EQ(Upload("client:C-1001", "fits.png", std::string(65536, 'x')).status, 201);
  auto over = Upload("client:C-1001", "big.png", std::string(65537, 'x'));
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_EQ(ErrorField(over), "body");
  // Beyond the largest body any route takes, the transport refuses it unread (the connection is
  // closed: no answer), and the server keeps serving.
  auto huge = Upload("client:C-1001", "huge.png", std::string((1 << 20) + 1, 'x'));
  EXPECT_NE(huge.status, 201);
  EXPECT_EQ(Request("GET", server_->Url("/healthz")).status, 200);
}

}  // namespace
}  // namespace tierdesk::testing

// The knowledge base over the API, on seed 003 (Engineering's knowledge_manager publishes): the
// one visibility rule on every path that shows an article or a piece of one (the list, search
// and its snippets, the article, its files) for each audience: staff, a client of the named
// organisation, another client, and nobody signed in; the workflow with its refusals; and what
// a reader is shown of hostile Markdown and files.

#include "integration/api_fixture.h"

namespace tierdesk::testing {
namespace {

using nlohmann::json;

class HttpKnowledge : public ApiTest {
 protected:
  void SetUp() override {
    InitDatabase("003-tiered-engineering.toml",
                 {"t1-sam", "t2-alex", "eng-priya", "client:C-7", "client:C-9"});
    RunTierdesk({"client", "add", "--db", db_, "--id", "C-7", "--name", "Asha Rao",
                 "--organisation", "Acme"});
    RunTierdesk({"client", "add", "--db", db_, "--id", "C-9", "--name", "Ravi Das",
                 "--organisation", "Initech"});
    Serve();
  }

  // Written by t2-alex, submitted, and published by eng-priya: its ref.
  std::string Published(const json& draft) {
    auto created = Post("t2-alex", "/api/v1/articles", draft);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string ref = created.json()["id"];
    EXPECT_EQ(Post("t2-alex", "/api/v1/articles/" + ref + "/submit", json::object()).status, 200);
    auto published = Post("eng-priya", "/api/v1/articles/" + ref + "/publish", json::object());
    EXPECT_EQ(published.status, 200) << published.body;
    return ref;
  }

  std::vector<std::string> Refs(const std::string& who, const std::string& path) {
    auto r = who.empty() ? Request("GET", server_->Url(path), "") : Get(who, path);
    if (r.status != 200) return {"status " + std::to_string(r.status)};
    std::vector<std::string> refs;
    const json body = r.json();  // held: a loop over a temporary's member would dangle
    for (const auto& a : body["articles"]) refs.push_back(a["id"]);
    std::sort(refs.begin(), refs.end());
    return refs;
  }

  HttpResult Upload(const std::string& who, const std::string& name, const std::string& bytes) {
    return Request("POST", server_->Url("/api/v1/uploads?name=" + name), tokens_[who], bytes,
                   {"Content-Type: text/plain"});
  }
};

TEST_F(HttpKnowledge, EveryPathShowsEachReaderWhatTheRuleGives) {
  auto file = Upload("t2-alex", "vpn-profile.txt", "profile for the vpn gateway");
  ASSERT_EQ(file.status, 201) << file.body;
  const json ref_of_file = {{"sha256", file.json()["sha256"]},
                            {"name", "vpn-profile.txt"},
                            {"content_type", "text/plain"}};
  const std::string internal = Published({{"title", "VPN concentrator keys"},
                                          {"body", "Rotate the vpn keys monthly."},
                                          {"attachments", {ref_of_file}}});
  const std::string everyone = Published({{"title", "VPN drops every hour"},
                                          {"body", "Renew the DHCP lease of the vpn client."},
                                          {"visibility", {{"audience", "all_clients"}}},
                                          {"attachments", {ref_of_file}}});
  const std::string acme =
      Published({{"title", "Acme VPN gateway"},
                 {"body", "Acme connects through vpn.acme.example."},
                 {"visibility", {{"audience", "named"}, {"organisations", {"Acme"}}}},
                 {"attachments", {ref_of_file}}});
  const std::string sha = file.json()["sha256"];
  struct Reader {
    std::string who;
    std::set<std::string> reads;
  };
  const std::vector<Reader> readers = {{"t1-sam", {internal, everyone, acme}},
                                       {"client:C-7", {everyone, acme}},
                                       {"client:C-9", {everyone}}};
  const std::vector<std::string> all = {internal, everyone, acme};
  for (const Reader& r : readers) {
    SCOPED_TRACE(r.who);
    const std::vector<std::string> expected(r.reads.begin(), r.reads.end());
    EXPECT_EQ(Refs(r.who, "/api/v1/articles"), expected);
    EXPECT_EQ(Refs(r.who, "/api/v1/articles?q=vpn"), expected);
    EXPECT_EQ(Refs(r.who, "/api/v1/articles?q=profile+gateway"), expected);  // the file's text
    for (const std::string& ref : all) {
      const long status = r.reads.count(ref) ? 200 : 404;
      EXPECT_EQ(Get(r.who, "/api/v1/articles/" + ref).status, status) << ref;
      EXPECT_EQ(Get(r.who, "/api/v1/articles/" + ref + "/files/" + sha).status, status) << ref;
    }
  }
  // Nobody signed in reads nothing, by any path.
  EXPECT_EQ(Refs("", "/api/v1/articles"), std::vector<std::string>{"status 401"});
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/articles/" + everyone), "").status, 401);

  // A draft of the next version: staff find and read it, clients keep the published text.
  auto edited = Post("t1-sam", "/api/v1/articles/" + everyone + "/edit",
                     {{"body", "Renew the lease, then flush the resolver cache."}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["status"], "draft");
  EXPECT_EQ(Refs("t1-sam", "/api/v1/articles?q=resolver"), std::vector<std::string>{everyone});
  EXPECT_TRUE(Refs("client:C-9", "/api/v1/articles?q=resolver").empty());
  auto hits = Get("client:C-9", "/api/v1/articles?q=lease").json()["articles"];
  ASSERT_EQ(hits.size(), 1u);
  std::string snippet;
  for (const auto& run : hits[0]["snippet"]) snippet += run["text"].get<std::string>();
  EXPECT_NE(snippet.find("DHCP"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("resolver"), std::string::npos) << snippet;
  const json listed = Get("client:C-9", "/api/v1/articles").json();
  for (const auto& entry : listed["articles"])
    EXPECT_EQ(entry["status"], "published");  // that a next version is written is staff's
  EXPECT_EQ(Get("client:C-9", "/api/v1/articles?status=draft").status, 422);
  EXPECT_EQ(Get("client:C-9", "/api/v1/articles?subject=ticket:1").status, 422);
  const auto seen = Get("client:C-9", "/api/v1/articles/" + everyone).json();
  EXPECT_EQ(seen["version"]["number"], 1);
  EXPECT_EQ(seen["visibility"], nullptr);
  EXPECT_EQ(seen["revision"], 0);
  EXPECT_TRUE(seen["versions"].empty());
  EXPECT_TRUE(seen["actions"].empty());
}

TEST_F(HttpKnowledge, TheWorkflowAndItsRefusals) {
  auto created = Post("t2-alex", "/api/v1/articles",
                      {{"title", "Replica lag"},
                       {"body", "Vacuum the replica."},
                       {"categories", {"incident"}},
                       {"tickets", {"TD-12"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string ref = created.json()["id"];
  const std::string path = "/api/v1/articles/" + ref;
  EXPECT_EQ(created.json()["actions"], json({"edit", "submit", "visibility", "subjects"}));
  EXPECT_EQ(created.json()["tickets"], json({"TD-12"}));
  // Clients write nothing; what they may not read is not there for them.
  EXPECT_EQ(Post("client:C-7", "/api/v1/articles", {{"title", "x"}, {"body", "y"}}).status, 403);
  EXPECT_EQ(Post("client:C-7", path + "/submit", json::object()).status, 404);
  // The author cannot publish; a publisher sends it back only saying why.
  ASSERT_EQ(Post("t2-alex", path + "/submit", json::object()).status, 200);
  auto by_author = Post("t2-alex", path + "/publish", json::object());
  EXPECT_EQ(by_author.status, 403);
  auto no_reason = Post("eng-priya", path + "/send_back", json::object());
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(no_reason.json()["error"]["field"], "reason");
  auto back = Post("eng-priya", path + "/send_back", {{"reason", "Name the replica"}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json()["review_note"], "Name the replica");
  // A change decided on an older revision is refused.
  const std::string stale =
      "If-Match: \"" + std::to_string(created.json()["revision"].get<int>()) + "\"";
  auto refused = Post("t2-alex", path + "/edit", {{"body", "Vacuum db-02."}}, {stale});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json()["error"]["code"], "version_mismatch");
  const std::string current =
      "If-Match: \"" + std::to_string(back.json()["revision"].get<int>()) + "\"";
  auto fixed = Post("t2-alex", path + "/edit", {{"body", "Vacuum db-02."}}, {current});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.json()["versions"].size(), 2u);
  // Wrong fields are named.
  const std::pair<json, std::string> wrong[] = {
      {{{"title", "t"}, {"body", "b"}, {"colour", "red"}}, "colour"},
      {{{"title", ""}, {"body", "b"}}, "title"},
      {{{"title", "t"}, {"body", "b"}, {"tickets", {"twelve"}}}, "tickets"},
      {{{"title", "t"}, {"body", "b"}, {"assets", {"server:nope"}}}, "assets"},
      {{{"title", "t"}, {"body", "b"}, {"visibility", {{"audience", "named"}}}}, "visibility"},
  };
  for (const auto& [body, field] : wrong) {
    auto r = Post("t2-alex", "/api/v1/articles", body);
    EXPECT_EQ(r.status, 422) << body.dump();
    EXPECT_EQ(r.json()["error"]["field"], field) << body.dump();
  }
  EXPECT_EQ(Get("t1-sam", "/api/v1/articles/KB-999").status, 404);
  EXPECT_EQ(Get("t1-sam", "/api/v1/articles?q=" + std::string(201, 'x')).status, 422);
  EXPECT_EQ(Get("t1-sam", "/api/v1/articles?q=vpn&status=draft").status, 422);
  for (const char* junk : {"%22", "NEAR(", "*", "%E2%80%99", "-", "%27%3B+DROP"})
    EXPECT_EQ(Get("t1-sam", std::string("/api/v1/articles?q=") + junk).status, 200) << junk;
}

// Staff's known fixes (a search with status=published): the published version of every article,
// internal ones too; never a draft, never the draft of a next version, never an archived one.
TEST_F(HttpKnowledge, KnownFixesAreThePublishedVersionsOnly) {
  const std::string internal =
      Published({{"title", "Printer spooler restart"}, {"body", "Restart the printer spooler."}});
  const std::string edited = Published({{"title", "Printer offline after update"},
                                        {"body", "Reinstall the printer driver."},
                                        {"visibility", {{"audience", "all_clients"}}}});
  // Its next version, a draft: known fixes still find the published words, not the draft's.
  ASSERT_EQ(Post("t2-alex", "/api/v1/articles/" + edited + "/edit",
                 {{"title", "Printer toner warning"}, {"body", "Shake the toner cartridge."}})
                .status,
            200);
  auto draft = Post("t2-alex", "/api/v1/articles",
                    {{"title", "Printer jams daily"}, {"body", "Draft about the printer."}});
  ASSERT_EQ(draft.status, 201);
  const std::string archived =
      Published({{"title", "Printer queue purge"}, {"body", "Purge the printer queue."}});
  ASSERT_EQ(Post("eng-priya", "/api/v1/articles/" + archived + "/archive", json::object()).status,
            200);

  std::vector<std::string> expected = {internal, edited};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Refs("t1-sam", "/api/v1/articles?q=printer&status=published"), expected);
  EXPECT_EQ(Refs("t1-sam", "/api/v1/articles?q=toner&status=published"),
            std::vector<std::string>{});
  // Without status, staff search every article at its newest version.
  EXPECT_EQ(Refs("t1-sam", "/api/v1/articles?q=toner"), std::vector<std::string>{edited});
  auto found = Get("t1-sam", "/api/v1/articles?q=driver&status=published");
  ASSERT_EQ(found.status, 200) << found.body;
  const json hits = found.json()["articles"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["title"], "Printer offline after update");
  EXPECT_EQ(hits[0]["status"], "published");
  EXPECT_EQ(hits[0]["version"], 1);
  // Other statuses are a list's, and known fixes are staff's.
  EXPECT_EQ(Get("t1-sam", "/api/v1/articles?q=printer&status=draft").status, 422);
  EXPECT_EQ(Get("client:C-7", "/api/v1/articles?q=printer&status=published").status, 422);
}

TEST_F(HttpKnowledge, HostileMarkdownAndFilesReachNoReaderAsScript) {
  auto file = Upload("t2-alex", "diagram.svg", "<svg onload=alert(1)></svg>");
  ASSERT_EQ(file.status, 201) << file.body;
  const std::string ref =
      Published({{"title", "Hostile"},
                 {"body", "<script>alert(1)</script>\n\n[x](javascript:alert) and ![i](/f/a.svg)"},
                 {"visibility", {{"audience", "all_clients"}}},
                 {"attachments",
                  {{{"sha256", file.json()["sha256"]},
                    {"name", "diagram.svg"},
                    {"content_type", "text/plain"}}}}});
  const auto article = Get("client:C-9", "/api/v1/articles/" + ref).json();
  const std::string html = article["version"]["html"];
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos) << html;
  EXPECT_EQ(html.find("src=\"/f/a.svg"), std::string::npos) << html;
  auto download = Get("client:C-9", "/api/v1/articles/" + ref + "/files/" +
                                        file.json()["sha256"].get<std::string>());
  ASSERT_EQ(download.status, 200);
  bool as_attachment = false, nosniff = false;
  for (const std::string& h : download.headers) {
    as_attachment |= h.rfind("Content-Disposition: attachment", 0) == 0;
    nosniff |= h.rfind("X-Content-Type-Options: nosniff", 0) == 0;
  }
  EXPECT_TRUE(as_attachment && nosniff);
}

}  // namespace
}  // namespace tierdesk::testing

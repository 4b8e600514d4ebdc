// The knowledge base's store (ArticleStore): articles kept whole at a revision; lists and
// searches that show each reader only the view the one visibility rule gives them (core
// ArticleViews, by key); and the relevance suite: a fixed set of articles and queries, with the
// article each query is for among the first three, on every backend. Junk input never fails.

#include "contract/contract_fixture.h"
#include "service/knowledge_base.h"
#include "service/search_terms.h"

namespace tierdesk::service::contract {
namespace {

using core::Article;
using core::ArticleAudience;
using core::ArticleReader;
using core::ArticleStatus;
using core::ArticleVisibility;

const ArticleVisibility kAllClients{ArticleAudience::kAllClients, {}, {}};
const ArticleVisibility kInternal{ArticleAudience::kInternal, {}, {}};

// An article whose version 1 is published (as core::Publish leaves one), to `visibility`.
Article Published(std::string title, std::string body, ArticleVisibility visibility = kAllClients) {
  Article a;
  a.status = ArticleStatus::kPublished;
  a.visibility = std::move(visibility);
  a.versions.push_back(
      {1, std::move(title), std::move(body), "t2-alex", At("2026-03-02T10:00:00Z"), "", {}});
  a.published_version = 1;
  a.published_by = "eng-priya";
  a.published_at = At("2026-03-02T11:00:00Z");
  return a;
}

class ArticleStoreContract : public StoreContract {
 protected:
  Article Save(Article a) {
    auto saved = SaveNewArticle(*store_, *store_, std::move(a));
    EXPECT_TRUE(saved) << saved.error().ToString();
    return saved ? *saved : Article{};
  }
  std::vector<core::ArticleId> Listed(const ArticleReader& reader, ArticleFilter f = {}) {
    f.reader_keys = core::ReaderKeys(reader);
    auto listed = store_->ListArticles(f);
    EXPECT_TRUE(listed) << listed.error().ToString();
    std::vector<core::ArticleId> ids;
    if (listed)
      for (const ArticleEntry& e : *listed) ids.push_back(e.id);
    return ids;
  }
  std::vector<ArticleEntry> Found(std::string_view words, const ArticleReader& reader,
                                  int limit = 10) {
    auto found = SearchArticles(*store_, words, reader, std::nullopt, limit);
    EXPECT_TRUE(found) << "'" << words << "': " << found.error().ToString();
    return found ? *found : std::vector<ArticleEntry>{};
  }
  std::vector<core::ArticleId> FoundIds(std::string_view words, const ArticleReader& reader) {
    std::vector<core::ArticleId> ids;
    for (const ArticleEntry& e : Found(words, reader)) ids.push_back(e.id);
    return ids;
  }
};

const ArticleReader kStaff = ArticleReader::Staff();
const ArticleReader kAcme = ArticleReader::Client("C-7", "Acme");
const ArticleReader kOther = ArticleReader::Client("C-9", "Initech");
const ArticleReader kAnonymous = ArticleReader::Anonymous();

TEST_P(ArticleStoreContract, AnArticleIsKeptWholeAtARevision) {
  Article a = Published("VPN drops every hour", "Renew the **lease**.");
  a.versions[0].attachments.push_back(
      {"lease.txt", "text/plain", 12, std::string(64, 'a'), "", false});
  a.assets = {"server:vpn-01"};
  a.categories = {core::Category::kIncident};
  a.tickets = {12, 40};
  const Article saved = Save(a);
  EXPECT_GT(saved.id, 0);
  EXPECT_EQ(saved.revision, 1);
  auto found = store_->FindArticle(saved.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, saved);
  EXPECT_FALSE(store_->FindArticle(saved.id + 100).value().has_value());
  // A second article gets the next id.
  EXPECT_GT(Save(Published("Other", "Text")).id, saved.id);

  // A change saved at the next revision; one decided on an older read is refused.
  Article changed = saved;
  changed.review_note = "checked";
  auto stored = SaveArticleChange(*store_, *store_, changed);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->revision, 2);
  EXPECT_EQ(store_->FindArticle(saved.id).value()->review_note, "checked");
  auto stale = SaveArticleChange(*store_, *store_, changed);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  Article unknown = saved;
  unknown.id = 999;
  auto missing = SaveArticleChange(*store_, *store_, unknown);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// Each reader lists what the one rule lets them read: staff every article at its newest
// version; clients the published version of what is for them; nobody signed in nothing.
TEST_P(ArticleStoreContract, ListsShowEachReaderWhatTheRuleGives) {
  const auto all = Save(Published("For every client", "a")).id;
  const auto internal = Save(Published("Staff only", "b", kInternal)).id;
  const auto named = Save(Published("For Acme", "c", {ArticleAudience::kNamed, {}, {"Acme"}})).id;
  Article draft = Published("Never published", "d");
  draft.status = ArticleStatus::kDraft;
  draft.published_version = 0;
  const auto unpublished = Save(draft).id;
  Article archived = Published("Withdrawn", "e");
  archived.status = ArticleStatus::kArchived;
  const auto withdrawn = Save(archived).id;
  // Published, with a draft of its next version being written: clients keep version 1.
  Article editing = Published("Old title", "f");
  editing.status = ArticleStatus::kDraft;
  editing.versions.push_back({2, "New title", "g", "t1-sam", At("2026-03-03T10:00:00Z"), "", {}});
  const auto edited = Save(editing).id;

  using V = std::vector<core::ArticleId>;
  EXPECT_EQ(Listed(kStaff), (V{edited, withdrawn, unpublished, named, internal, all}));
  EXPECT_EQ(Listed(kAcme), (V{edited, named, all}));
  EXPECT_EQ(Listed(kOther), (V{edited, all}));
  EXPECT_TRUE(Listed(kAnonymous).empty());

  ArticleFilter f;
  f.reader_keys = core::ReaderKeys(kAcme);
  const auto entries = store_->ListArticles(f).value();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].title, "Old title");
  EXPECT_EQ(entries[0].version, 1);
  f.reader_keys = core::ReaderKeys(kStaff);
  EXPECT_EQ(store_->ListArticles(f).value()[0].title, "New title");

  // Filters and pages.
  EXPECT_EQ(Listed(kStaff, {.status = ArticleStatus::kArchived}), V{withdrawn});
  EXPECT_EQ(Listed(kStaff, {.before = named, .limit = 10}), (V{internal, all}));
  EXPECT_EQ(Listed(kStaff, {.limit = 2}), (V{edited, withdrawn}));
}

TEST_P(ArticleStoreContract, ListsAndSearchesFilterByWhatAnArticleIsAbout) {
  Article on_server = Published("Restart the agent", "monitoring agent");
  on_server.assets = {"server:db-01"};
  on_server.tickets = {7};
  const auto about = Save(on_server).id;
  Save(Published("Restart the printer", "printer agent"));
  using V = std::vector<core::ArticleId>;
  EXPECT_EQ(Listed(kStaff, {.subject = "asset:server:db-01"}), V{about});
  EXPECT_EQ(Listed(kStaff, {.subject = "ticket:7"}), V{about});
  EXPECT_TRUE(Listed(kStaff, {.subject = "asset:server:nope"}).empty());
  auto found = SearchArticles(*store_, "agent", kStaff, "asset:server:db-01", 10).value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, about);
}

// Search shows each reader only their view: an internal article is never found by a client,
// and a client's snippet comes from the published text, never from a draft's.
TEST_P(ArticleStoreContract, SearchFindsOnlyWhatTheReaderMayRead) {
  const auto internal =
      Save(Published("VPN concentrator admin password", "rotate the secret", kInternal)).id;
  Article editing = Published("VPN client install", "Download the installer from the portal.");
  editing.status = ArticleStatus::kDraft;
  editing.versions.push_back({2,
                              "VPN client install",
                              "Secret beta installer on build-7.",
                              "t1-sam",
                              At("2026-03-03T10:00:00Z"),
                              "",
                              {}});
  const auto edited = Save(editing).id;

  EXPECT_THAT(FoundIds("vpn", kStaff), ::testing::UnorderedElementsAre(internal, edited));
  EXPECT_EQ(FoundIds("vpn", kAcme), std::vector<core::ArticleId>{edited});
  EXPECT_TRUE(FoundIds("vpn", kAnonymous).empty());
  EXPECT_TRUE(FoundIds("concentrator", kAcme).empty());
  EXPECT_TRUE(FoundIds("beta", kAcme).empty());  // only in the draft
  ASSERT_EQ(FoundIds("beta", kStaff), std::vector<core::ArticleId>{edited});
  for (const ArticleEntry& e : Found("installer", kAcme)) {
    EXPECT_EQ(e.version, 1);
    EXPECT_THAT(e.snippet, ::testing::HasSubstr("portal"));
    EXPECT_THAT(e.snippet, ::testing::Not(::testing::HasSubstr("Secret")));
  }
  const auto staff_hits = Found("installer", kStaff);
  ASSERT_EQ(staff_hits.size(), 1u);
  EXPECT_THAT(staff_hits[0].snippet, ::testing::HasSubstr("beta"));
}

// The relevance suite: what a reader types, and the article meant for it among the first three.
TEST_P(ArticleStoreContract, TheRelevanceSuite) {
  struct Doc {
    const char* title;
    const char* body;
  };
  const std::vector<Doc> docs = {
      {"VPN disconnects every hour",
       "The AnyConnect client drops the tunnel when the DHCP lease renews. Renew the lease by "
       "hand, or ask the network team to set the lease time to eight hours."},
      {"Printer shows offline",
       "When the office printer shows offline, restart the print spooler service and check the "
       "network cable at the back of the printer."},
      {"Reset your password",
       "Use the self-service portal to reset a forgotten password. Accounts lock after five failed "
       "attempts and unlock by themselves after thirty minutes."},
      {"Outlook does not sync mail",
       "If Outlook stops synchronising, close it, rename the OST file and start it again: the "
       "profile is rebuilt from the server."},
      {"Database connection pool exhausted",
       "Raise max_connections, then look for connections the application server leaks: each "
       "request must return its connection to the pool."},
      {"Slow Wi-Fi in building B",
       "The access points in building B share channel 6. Move laptops to the 5 GHz network."},
      {"Disk full on the file server",
       "Clear the old shadow copies, then extend the volume from the storage console."},
      {"Two-factor authentication codes rejected",
       "The phone's clock has drifted: turn on automatic time, then try a new code."},
      {"Laptop battery drains overnight",
       "Turn off wake-on-LAN and let the laptop hibernate instead of sleeping."},
      {"Mail bounces with error 550",
       "The recipient's server rejected the message: check the SPF record of the sender's "
       "domain and that the address exists."},
      {"Installing the VPN client on macOS",
       "Download the client from the portal, allow its system extension in System Settings, "
       "then sign in with your directory account."},
      {"Shared drive mapping fails after login",
       "Map the network drive with net use and the persistent flag; check the login script."},
  };
  std::vector<core::ArticleId> ids;
  for (const Doc& d : docs) ids.push_back(Save(Published(d.title, d.body)).id);
  struct Case {
    const char* words;
    size_t expected;  // index in docs
  };
  const std::vector<Case> cases = {
      {"VPN", 0},
      {"vpn", 10},
      {"vpn keeps disconnecting", 0},
      {"how do I reset my password", 2},
      {"printer offline", 1},
      {"printers", 1},
      {"outlook not syncing", 3},
      {"database connections", 4},
      {"wi-fi slow", 5},
      {"disk full", 6},
      {"authentication code", 7},
      {"550", 9},
      {"map network drive", 11},
      {"ANYCONNECT", 0},
      {"lease", 0},
      {"battery", 8},
      // Operators and syntax are words like any other.
      {"\"vpn\"", 0},
      {"vpn AND printer", 0},
      {"-vpn", 0},
      {"vpn*", 0},
      {"NEAR(vpn printer)", 1},
      {"password'; DROP TABLE articles; --", 2},
      {"title:printer", 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.words);
    auto found = FoundIds(c.words, kAcme);
    if (found.size() > 3) found.resize(3);
    EXPECT_THAT(found, ::testing::Contains(ids[c.expected]));
  }
}

// Whatever is typed, a search answers: never an error, whatever the engine's syntax.
TEST_P(ArticleStoreContract, JunkNeverFailsASearch) {
  Save(Published("VPN disconnects", "Renew the lease."));
  const std::vector<std::string> junk = {"",
                                         " ",
                                         "\"",
                                         "\"\"\"",
                                         "*",
                                         "AND",
                                         "OR OR",
                                         "NOT",
                                         "NEAR(",
                                         "(((",
                                         ")",
                                         "-",
                                         "^",
                                         "a:b:c",
                                         ":*",
                                         "&|!",
                                         "'",
                                         "\\",
                                         "%_",
                                         "{}[]",
                                         "’",
                                         "日本語",
                                         "🙂🙂",
                                         "ﬁle",
                                         "\x01\x02\x03",
                                         "Ünïcödé",
                                         "x" + std::string(500, 'y'),
                                         "vpn ’ lease",
                                         "a b c d e f g h i j k l m n o p q r s t"};
  for (const std::string& words : junk) {
    SCOPED_TRACE(words);
    Found(words, kStaff);
    Found(words, kAcme);
  }
  EXPECT_FALSE(Found("renew", kAcme).empty());
}

TEST_P(ArticleStoreContract, SnippetsMarkTheWordsFound) {
  Save(Published(
      "VPN disconnects every hour",
      "The client drops the tunnel when the DHCP lease renews. Renew the lease by hand."));
  const auto found = Found("lease", kAcme);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(found[0].snippet,
              ::testing::HasSubstr(std::string(1, kHitStart) + "lease" + std::string(1, kHitEnd)));
  EXPECT_GT(found[0].score, 0);
}

// An article stored by an older index (its published version readable by clients only, as before
// known fixes) is stored anew once at start: staff then find it as a known fix; a second start
// changes nothing.
TEST_P(ArticleStoreContract, AnOlderIndexIsRefreshedOnce) {
  std::vector<core::ArticleId> ids;
  for (const char* title : {"Printer offline", "Printer jams"}) {
    StoredArticle old = Indexed(Published(title, "Restart the printer spooler."), *store_);
    ASSERT_EQ(old.documents.size(), 2u);
    const std::string known = core::ReaderKeys(ArticleReader::KnownFixes())[0];
    std::erase(old.documents[1].keys, known);
    std::string& tags = old.documents[1].tags;
    tags.erase(tags.find(SearchTag('k', known)), SearchTag('k', known).size() + 1);
    old.article.revision = 1;
    auto id = store_->AddArticle(old);
    ASSERT_TRUE(id) << id.error().ToString();
    ids.insert(ids.begin(), *id);
  }
  EXPECT_TRUE(FoundIds("printer", ArticleReader::KnownFixes()).empty());

  ASSERT_TRUE(RefreshArticleIndex(*store_));
  EXPECT_EQ(FoundIds("printer", ArticleReader::KnownFixes()).size(), 2u);
  EXPECT_EQ(Listed(ArticleReader::KnownFixes()), ids);
  EXPECT_EQ(store_->GetSetting("article_index").value(), std::to_string(kArticleIndexVersion));
  const auto revision = store_->FindArticle(ids[0]).value()->revision;
  EXPECT_EQ(revision, 2);
  ASSERT_TRUE(RefreshArticleIndex(*store_));
  EXPECT_EQ(store_->FindArticle(ids[0]).value()->revision, revision);
  EXPECT_EQ(FoundIds("printer", kAcme).size(), 2u);  // what clients read is as it was
}

TEST_P(ArticleStoreContract, FilesAnArticleNamesAreKept) {
  const std::string sha(64, 'b');
  ASSERT_TRUE(
      store_->PutUpload("t2-alex", sha, "how to renew a lease", At("2026-03-01T10:00:00Z")));
  Article a = Published("With a file", "See the file.");
  a.versions[0].attachments.push_back({"renew.txt", "text/plain", 20, sha, "", false});
  Save(a);
  EXPECT_EQ(store_->RemoveUnusedUploads(At("2026-04-01T00:00:00Z")).value(), 0);
  EXPECT_TRUE(store_->GetBlob(sha).value().has_value());
  // Its text is searched.
  EXPECT_EQ(Found("renew", kAcme).size(), 1u);
}

TIERDESK_STORE_CONTRACT(ArticleStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract

// Knowledge-base articles: the one visibility rule over every audience and state, and the
// draft → review → published workflow with the procedure's publishers (seed 003's
// knowledge_manager).
#include "core/article.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace tierdesk::core {
namespace {

using tierdesk::testing::At;

class ArticleTest : public ::testing::Test {
 protected:
  void SetUp() override { p_ = tierdesk::testing::SeedProcedure("003-tiered-engineering.toml"); }

  Article Published(ArticleVisibility visibility) {
    Article a = NewArticle(p_, "t2-alex", {"VPN drops every hour", "Renew the lease.", ""},
                           std::move(visibility), At("2026-01-05T10:00:00Z"))
                    .value();
    a.id = 7;
    a = SubmitForReview(p_, a, "t2-alex").value();
    return Publish(p_, a, "eng-priya", At("2026-01-05T11:00:00Z")).value();
  }

  Procedure p_;
};

// Every audience an article can have, in every state, against every kind of reader: what each
// reads, and that it is the version meant for them.
TEST_F(ArticleTest, TheVisibilityMatrix) {
  const ArticleReader staff = ArticleReader::Staff();
  const ArticleReader named_client = ArticleReader::Client("C-7", "Acme");
  const ArticleReader of_named_org = ArticleReader::Client("C-8", "Globex");
  const ArticleReader other_client = ArticleReader::Client("C-9", "Initech");
  const ArticleReader anonymous = ArticleReader::Anonymous();
  const ArticleReader clientless = ArticleReader::Client("", "Globex");  // no ID: not signed in
  struct Case {
    const char* name;
    ArticleVisibility visibility;
    std::vector<bool> reads;  // staff, named client, of named organisation, other, anonymous, no ID
  };
  const std::vector<Case> cases = {
      {"internal", {ArticleAudience::kInternal, {}, {}}, {1, 0, 0, 0, 0, 0}},
      {"all clients", {ArticleAudience::kAllClients, {}, {}}, {1, 1, 1, 1, 0, 0}},
      {"named", {ArticleAudience::kNamed, {"C-7"}, {"Globex"}}, {1, 1, 1, 0, 0, 0}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Article published = Published(c.visibility);
    const std::vector<ArticleReader> readers = {staff,        named_client, of_named_org,
                                                other_client, anonymous,    clientless};
    for (size_t i = 0; i < readers.size(); ++i)
      EXPECT_EQ(MayRead(published, readers[i]), bool(c.reads[i])) << "reader " << i;

    // A draft of the next version: staff read it, the audience still reads the published one.
    Article editing = EditArticle(p_, published, "t1-sam", {"VPN drops", "Renew; then reboot.", ""},
                                  At("2026-01-06T10:00:00Z"))
                          .value();
    EXPECT_EQ(VersionFor(editing, staff)->number, 2);
    for (size_t i = 1; i < readers.size(); ++i) {
      const ArticleVersion* read = VersionFor(editing, readers[i]);
      EXPECT_EQ(read != nullptr, bool(c.reads[i])) << "reader " << i;
      if (read != nullptr) EXPECT_EQ(read->body, "Renew the lease.");
    }
    // Archived: staff only.
    const Article archived = Archive(p_, published, "eng-priya").value();
    EXPECT_TRUE(MayRead(archived, staff));
    for (size_t i = 1; i < readers.size(); ++i) EXPECT_FALSE(MayRead(archived, readers[i]));
  }
  // Never published: nobody but staff, whatever its audience.
  Article draft = NewArticle(p_, "t2-alex", {"Draft", "Not yet.", ""},
                             {ArticleAudience::kAllClients, {}, {}}, At("2026-01-05T10:00:00Z"))
                      .value();
  EXPECT_TRUE(MayRead(draft, staff));
  EXPECT_FALSE(MayRead(draft, named_client));
  draft = SubmitForReview(p_, draft, "t2-alex").value();
  EXPECT_FALSE(MayRead(draft, named_client));
}

TEST_F(ArticleTest, DraftReviewPublishWithTheProceduresPublishers) {
  Article a = NewArticle(p_, "t2-alex", {"Report timeouts", "Vacuum the replica.", "first"},
                         {ArticleAudience::kAllClients, {}, {}}, At("2026-01-05T10:00:00Z"))
                  .value();
  EXPECT_EQ(a.status, ArticleStatus::kDraft);
  ASSERT_EQ(a.versions.size(), 1u);
  EXPECT_EQ(a.Latest().author, "t2-alex");
  EXPECT_EQ(a.Latest().at, At("2026-01-05T10:00:00Z"));
  // Not reviewed: not publishable; a client writes nothing.
  EXPECT_EQ(Publish(p_, a, "eng-priya", At("2026-01-05T10:01:00Z")).error().field, "status");
  EXPECT_EQ(
      NewArticle(p_, "client:C-7", {"x", "y", ""}, {}, At("2026-01-05T10:00:00Z")).error().code,
      ErrorCode::kPermissionDenied);
  a = SubmitForReview(p_, a, "t2-alex").value();
  // Only a knowledge manager publishes in seed 003; the author is not one.
  auto by_author = Publish(p_, a, "t2-alex", At("2026-01-05T10:02:00Z"));
  ASSERT_FALSE(by_author);
  EXPECT_EQ(by_author.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(by_author.error().message, ::testing::HasSubstr("knowledge_manager"));
  // Sent back with why, fixed, submitted again, published.
  EXPECT_EQ(SendBack(p_, a, "eng-priya", "").error().field, "reason");
  a = SendBack(p_, a, "eng-priya", "Say which replica").value();
  EXPECT_EQ(a.status, ArticleStatus::kDraft);
  EXPECT_EQ(a.review_note, "Say which replica");
  a = EditArticle(p_, a, "t2-alex", {"Report timeouts", "Vacuum replica db-02.", "which"},
                  At("2026-01-05T10:05:00Z"))
          .value();
  a = SubmitForReview(p_, a, "t2-alex").value();
  a = Publish(p_, a, "eng-priya", At("2026-01-05T10:06:00Z")).value();
  EXPECT_EQ(a.status, ArticleStatus::kPublished);
  EXPECT_EQ(a.published_version, 2);
  EXPECT_EQ(a.published_by, "eng-priya");
  EXPECT_EQ(a.review_note, "");
  EXPECT_EQ(a.versions[0].body, "Vacuum the replica.");  // every version is kept
}

TEST_F(ArticleTest, BadTextAndVisibilityAreRefusedNamingTheField) {
  const ArticleVisibility all{ArticleAudience::kAllClients, {}, {}};
  const Timestamp now = At("2026-01-05T10:00:00Z");
  EXPECT_EQ(NewArticle(p_, "t1-sam", {"", "body", ""}, all, now).error().field, "title");
  EXPECT_EQ(NewArticle(p_, "t1-sam", {"two\nlines", "body", ""}, all, now).error().field, "title");
  EXPECT_EQ(NewArticle(p_, "t1-sam", {"t", "", ""}, all, now).error().field, "body");
  EXPECT_EQ(
      NewArticle(p_, "t1-sam", {"t", std::string(kMaxArticleBodyBytes + 1, 'x'), ""}, all, now)
          .error()
          .field,
      "body");
  EXPECT_EQ(NewArticle(p_, "t1-sam", {"t", "b\xff", ""}, all, now).error().field, "body");
  EXPECT_EQ(NewArticle(p_, "t1-sam", {"t", std::string("b\0c", 3), ""}, all, now).error().field,
            "body");
  EXPECT_EQ(
      NewArticle(p_, "t1-sam", {"t", "b", "", {{"x.txt", "text/plain", 1, "short"}}}, all, now)
          .error()
          .field,
      "attachments");
  EXPECT_EQ(NewArticle(p_, "t1-sam", {"t", "b", ""}, {ArticleAudience::kNamed, {}, {}}, now)
                .error()
                .field,
            "visibility");
  EXPECT_EQ(
      NewArticle(p_, "t1-sam", {"t", "b", ""}, {ArticleAudience::kAllClients, {"C-1"}, {}}, now)
          .error()
          .field,
      "visibility");
}

// Who reads it: any staff before the first publication; afterwards it changes what readers see
// at once, so only a publisher.
TEST_F(ArticleTest, VisibilityChangesAfterPublicationAreAPublishers) {
  const ArticleVisibility acme{ArticleAudience::kNamed, {}, {"Acme"}};
  Article draft = NewArticle(p_, "t1-sam", {"t", "b", ""}, {}, At("2026-01-05T10:00:00Z")).value();
  EXPECT_EQ(ChangeVisibility(p_, draft, "t1-sam", acme).value().visibility, acme);
  const Article published = Published({ArticleAudience::kAllClients, {}, {}});
  EXPECT_EQ(ChangeVisibility(p_, published, "t1-sam", acme).error().code,
            ErrorCode::kPermissionDenied);
  const Article narrowed = ChangeVisibility(p_, published, "eng-priya", acme).value();
  EXPECT_FALSE(MayRead(narrowed, ArticleReader::Client("C-9", "Initech")));
  EXPECT_TRUE(MayRead(narrowed, ArticleReader::Client("C-1", "Acme")));
  EXPECT_EQ(ChangeVisibility(p_, published, "eng-priya", {ArticleAudience::kNamed, {""}, {}})
                .error()
                .field,
            "visibility");
}

TEST_F(ArticleTest, SubjectsAreKnownAssetsCategoriesAndTickets) {
  const Article a = Published({ArticleAudience::kAllClients, {}, {}});
  const Article about =
      ChangeSubjects(p_, a, "t1-sam",
                     {{}, {Category::kDefect, Category::kIncident, Category::kDefect}, {9, 4, 9}})
          .value();
  EXPECT_EQ(about.categories, (std::vector<Category>{Category::kIncident, Category::kDefect}));
  EXPECT_EQ(about.tickets, (std::vector<TicketId>{4, 9}));
  EXPECT_EQ(ChangeSubjects(p_, a, "t1-sam", {{"server:nope"}, {}, {}}).error().field, "assets");
  EXPECT_EQ(ChangeSubjects(p_, a, "t1-sam", {{}, {}, {0}}).error().field, "tickets");
  EXPECT_EQ(ChangeSubjects(p_, a, "client:C-7", {}).error().code, ErrorCode::kPermissionDenied);
}

// What a person may do is listed exactly when the workflow's functions accept it.
TEST_F(ArticleTest, ActionsFollowTheWorkflow) {
  using V = std::vector<std::string>;
  Article a = NewArticle(p_, "t2-alex", {"t", "b", ""}, {}, At("2026-01-05T10:00:00Z")).value();
  EXPECT_EQ(ArticleActions(p_, a, "t2-alex"), (V{"edit", "submit", "visibility", "subjects"}));
  EXPECT_EQ(ArticleActions(p_, a, "eng-priya"),
            (V{"edit", "submit", "archive", "visibility", "subjects"}));
  a = SubmitForReview(p_, a, "t2-alex").value();
  EXPECT_EQ(ArticleActions(p_, a, "t2-alex"), (V{"edit", "visibility", "subjects"}));
  EXPECT_EQ(ArticleActions(p_, a, "eng-priya"),
            (V{"edit", "send_back", "publish", "archive", "visibility", "subjects"}));
  a = Publish(p_, a, "eng-priya", At("2026-01-05T11:00:00Z")).value();
  EXPECT_EQ(ArticleActions(p_, a, "t2-alex"), (V{"edit", "subjects"}));
  EXPECT_TRUE(ArticleActions(p_, a, "client:C-7").empty());
  a = Archive(p_, a, "eng-priya").value();
  EXPECT_TRUE(ArticleActions(p_, a, "eng-priya").empty());
}

TEST_F(ArticleTest, References) {
  EXPECT_EQ(ArticleRef(42), "KB-42");
  EXPECT_EQ(ParseArticleRef("KB-42"), 42);
  EXPECT_EQ(ParseArticleRef("42"), 42);
  EXPECT_EQ(ParseArticleRef("KB-0"), std::nullopt);
  EXPECT_EQ(ParseArticleRef("TD-4"), std::nullopt);
  EXPECT_EQ(ParseArticleAudience("all_clients"), ArticleAudience::kAllClients);
  EXPECT_EQ(ParseArticleStatus("in_review"), ArticleStatus::kInReview);
}

}  // namespace
}  // namespace tierdesk::core

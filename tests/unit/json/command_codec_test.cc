#include <gtest/gtest.h>

#include "json/codec.h"

namespace tierdesk::json {
namespace {

TEST(CommandCodec, SignOffRecordedByStaffCarriesTheChannelAndTheClientsWords) {
  auto command = CommandFromJson(Json{{"cmd", "sign_off"},
                                      {"actor", "ssc-ravi"},
                                      {"ticket", "TD-1"},
                                      {"channel", "phone"},
                                      {"client_words", "Works again, close it"}});
  ASSERT_TRUE(command) << command.error().ToString();
  const auto& sign_off = std::get<core::cmd::SignOff>(command->body);
  EXPECT_EQ(sign_off.channel, core::Channel::kPhone);
  EXPECT_EQ(sign_off.client_words, "Works again, close it");
}

TEST(CommandCodec, SignOffNamesAnUnknownChannel) {
  auto command = CommandFromJson(
      Json{{"cmd", "sign_off"}, {"actor", "ssc-ravi"}, {"ticket", "TD-1"}, {"channel", "pigeon"}});
  ASSERT_FALSE(command);
  EXPECT_EQ(command.error().field, "channel");
}

TEST(CommandCodec, AClientsSignOffHasNoChannel) {
  auto command = CommandFromJson(
      Json{{"cmd", "sign_off"}, {"actor", "client:C-1"}, {"ticket", "TD-1"}, {"comment", "ok"}});
  ASSERT_TRUE(command) << command.error().ToString();
  EXPECT_FALSE(std::get<core::cmd::SignOff>(command->body).channel.has_value());
}

const std::string kDigest(64, 'a');

TEST(CommandCodec, CreateReplyAndNoteCarryTheFilesTheyName) {
  const Json files =
      Json::array({{{"sha256", kDigest}, {"name", "screen.png"}, {"content_type", "image/png"}}});
  for (const char* cmd : {"create", "client_reply", "note"}) {
    Json j{{"cmd", cmd}, {"actor", "client:C-1"}, {"text", "see the file"}, {"attachments", files}};
    if (std::string(cmd) == "create")
      j = Json{{"cmd", cmd}, {"actor", "client:C-1"}, {"title", "Broken"}, {"attachments", files}};
    else
      j["ticket"] = "TD-1";
    auto command = CommandFromJson(j);
    ASSERT_TRUE(command) << cmd << ": " << command.error().ToString();
    const std::vector<core::Attachment>* got = nullptr;
    if (auto* c = std::get_if<core::cmd::Create>(&command->body)) got = &c->attachments;
    if (auto* c = std::get_if<core::cmd::ClientReply>(&command->body)) got = &c->attachments;
    if (auto* c = std::get_if<core::cmd::Note>(&command->body)) got = &c->attachments;
    ASSERT_NE(got, nullptr) << cmd;
    ASSERT_EQ(got->size(), 1u) << cmd;
    EXPECT_EQ((*got)[0], (core::Attachment{"screen.png", "image/png", 0, kDigest, "", false}));
  }
}

TEST(CommandCodec, AttachmentsNameTheEntryAndFieldAtFault) {
  struct Case {
    Json entry;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"name", "a.png"}, {"content_type", "image/png"}}, "attachments[1].sha256"},
      {{{"sha256", "ABC"}, {"name", "a.png"}, {"content_type", "image/png"}},
       "attachments[1].sha256"},
      {{{"sha256", std::string(64, 'A')}, {"name", "a.png"}, {"content_type", "image/png"}},
       "attachments[1].sha256"},
      {{{"sha256", kDigest}, {"name", ""}, {"content_type", "image/png"}}, "attachments[1].name"},
      {{{"sha256", kDigest}, {"name", "a.png"}, {"content_type", 7}},
       "attachments[1].content_type"},
      // The size is the stored file's, never the caller's.
      {{{"sha256", kDigest}, {"name", "a.png"}, {"content_type", "image/png"}, {"size", 1}},
       "attachments[1].size"},
      {"a.png", "attachments[1]"},
  };
  const Json good{{"sha256", kDigest}, {"name", "ok.png"}, {"content_type", "image/png"}};
  for (const Case& c : cases) {
    auto command = CommandFromJson(Json{{"cmd", "note"},
                                        {"actor", "ssc-ravi"},
                                        {"ticket", "TD-1"},
                                        {"text", "x"},
                                        {"attachments", Json::array({good, c.entry})}});
    ASSERT_FALSE(command) << c.field;
    EXPECT_EQ(command.error().field, c.field) << command.error().message;
  }
  auto not_a_list = CommandFromJson(
      Json{{"cmd", "note"}, {"actor", "ssc-ravi"}, {"ticket", "TD-1"}, {"attachments", "a.png"}});
  ASSERT_FALSE(not_a_list);
  EXPECT_EQ(not_a_list.error().field, "attachments");
}

}  // namespace
}  // namespace tierdesk::json

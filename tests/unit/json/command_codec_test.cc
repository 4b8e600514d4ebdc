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

}  // namespace
}  // namespace tierdesk::json

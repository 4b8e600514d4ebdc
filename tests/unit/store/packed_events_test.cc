#include "store/memory/packed_events.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace tierdesk::store {
namespace {

TEST(PackedEvents, EventsComeBackAsTheyWentInOneAfterAnother) {
  core::Event first{7, testing::At("2026-01-05T04:00:00Z"), "created", "client:C-1001", "", {}};
  core::Event second{7,
                     testing::At("1969-12-31T23:59:59Z"),  // before the epoch: a negative count
                     "responded",
                     "ssc-ravi",
                     "client:C-1001",
                     {{"status", "Working on it"},
                      {"findings", std::string(300, 'x')},  // a length of two bytes
                      {"", ""},
                      {"note", "ünïcödé \n\"quoted\" and a nul: "}}};
  second.fields.back().second.push_back('\0');
  std::string log;
  PackEvent(first, log);
  const size_t second_at = log.size();
  PackEvent(second, log);

  size_t at = 0;
  EXPECT_EQ(UnpackEvent(log, at, 7), first);
  EXPECT_EQ(at, second_at);
  EXPECT_EQ(UnpackEvent(log, at, 7), second);
  EXPECT_EQ(at, log.size());
}

}  // namespace
}  // namespace tierdesk::store

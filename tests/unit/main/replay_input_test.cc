#include "main/replay_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace tierdesk::cli {
namespace {

using ::testing::HasSubstr;

Result<std::vector<service::ReplayStep>> Read(const std::string& text) {
  std::istringstream in(text);
  ReplayInputReader reader(in, "day.jsonl");
  std::vector<service::ReplayStep> steps;
  while (true) {
    auto step = reader.Next();
    if (!step) return tl::unexpected(step.error());
    if (!*step) return steps;
    steps.push_back(std::move(**step));
  }
}

TEST(ReplayInput, ReadsCommandsTicksAndExpectations) {
  auto steps = Read(
      "# comment\n"
      "{\"at\":\"2026-01-05T10:00:00Z\",\"actor\":\"a\",\"cmd\":\"create\",\"title\":\"t\","
      "\"client_id\":\"c\"}\n"
      "\n"
      "{\"at\":\"2026-01-05T10:05:00Z\",\"actor\":\"a\",\"cmd\":\"acknowledge\",\"ticket\":\"TD-"
      "1\",\"expect_error\":\"permission_denied\"}\n"
      "{\"at\":\"2026-01-05T11:00:00Z\",\"cmd\":\"tick\"}\n");
  ASSERT_TRUE(steps.has_value()) << steps.error().message;
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].line, 2);
  EXPECT_EQ((*steps)[1].command->ticket, 1);
  EXPECT_EQ((*steps)[1].expect_error, "permission_denied");
  EXPECT_FALSE((*steps)[2].command.has_value());
}

struct BadLine {
  std::string text;
  std::string reason;
};

void PrintTo(const BadLine& bad, std::ostream* os) { *os << bad.text; }

class ReplayInputRejects : public ::testing::TestWithParam<BadLine> {};

TEST_P(ReplayInputRejects, NamingFileLineAndReason) {
  auto steps =
      Read("{\"at\":\"2026-01-05T09:00:00Z\",\"cmd\":\"tick\"}\n" + GetParam().text + "\n");
  ASSERT_FALSE(steps.has_value());
  EXPECT_THAT(steps.error().message, HasSubstr("day.jsonl:2: "));
  EXPECT_THAT(steps.error().message, HasSubstr(GetParam().reason));
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReplayInputRejects,
    ::testing::Values(
        BadLine{"{not json", "not valid JSON"}, BadLine{"[1,2]", "must be a JSON object"},
        BadLine{"{\"cmd\":\"tick\"}", "missing 'at'"},
        BadLine{"{\"at\":\"2026-01-05 10:00\",\"cmd\":\"tick\"}", "RFC 3339"},
        BadLine{"{\"at\":\"2026-01-05T08:00:00Z\",\"cmd\":\"tick\"}", "goes back in time"},
        BadLine{"{\"at\":\"2026-01-05T10:00:00Z\",\"actor\":\"a\",\"cmd\":\"fly\"}",
                "unknown command 'fly'"},
        BadLine{
            "{\"at\":\"2026-01-05T10:00:00Z\",\"actor\":\"a\",\"cmd\":\"create\",\"titel\":\"x\"}",
            "unknown field 'titel'"},
        BadLine{
            "{\"at\":\"2026-01-05T10:00:00Z\",\"actor\":\"a\",\"cmd\":\"note\",\"ticket\":\"42x\"}",
            "not a ticket like TD-42"},
        BadLine{"{\"at\":\"2026-01-05T10:00:00Z\",\"actor\":\"a\",\"cmd\":\"create\",\"people_"
                "affected\":-3}",
                "people_affected"},
        BadLine{"{\"at\":\"2026-01-05T10:00:00Z\",\"cmd\":\"handoff\",\"ticket\":\"TD-1\",\"to\":"
                "\"L2\"}",
                "missing 'actor'"},
        BadLine{"{\"at\":\"2026-01-05T10:00:00Z\",\"cmd\":\"tick\",\"expect_error\":\"not_found\"}",
                "a tick is never refused"}));

}  // namespace
}  // namespace tierdesk::cli

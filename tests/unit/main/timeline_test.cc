#include "main/timeline.h"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "test_support.h"

namespace tierdesk::cli {
namespace {

using testing::At;
using ::testing::HasSubstr;

class TimelineRecorderTest : public ::testing::Test {
 protected:
  TimelineRecorder Recorder(TimelineRecorder::Format format) {
    return TimelineRecorder(*LocateZone("Asia/Kolkata"), format, out_, err_, "day.jsonl");
  }

  static service::ReplayStep AcknowledgeExpecting(std::string code) {
    return service::ReplayStep{7, At("2026-01-05T04:00:00Z"),
                               core::Command{"ssc-ravi", 1, core::cmd::Acknowledge{}, ""},
                               std::move(code)};
  }

  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(TimelineRecorderTest, TextFormatKeepsTheSeconds) {
  auto recorder = Recorder(TimelineRecorder::Format::kText);
  service::Outcome outcome;
  outcome.at = At("2026-01-05T04:00:30Z");
  outcome.events.push_back(core::Event{1, outcome.at, "note", "psc-anil", "", {}});
  recorder.OnOutcome(outcome);
  EXPECT_THAT(out_.str(), ::testing::StartsWith("2026-01-05 09:30:30  TD-1 "));
}

TEST_F(TimelineRecorderTest, AcceptedStepThatExpectedARefusalNamesLineAndExpectation) {
  auto recorder = Recorder(TimelineRecorder::Format::kNone);
  recorder.OnAcceptedUnexpectedly(AcknowledgeExpecting("permission_denied"));
  EXPECT_EQ(err_.str(),
            "day.jsonl:7: expected 'acknowledge TD-1' to be refused with permission_denied, but "
            "it was accepted\n");
}

TEST_F(TimelineRecorderTest, RefusalWithAnotherCodeSaysWhatWasExpected) {
  auto recorder = Recorder(TimelineRecorder::Format::kNone);
  recorder.OnRefused(AcknowledgeExpecting("permission_denied"),
                     Error{ErrorCode::kFailedPrecondition, "TD-1 is already yours", ""}, false);
  EXPECT_THAT(err_.str(), HasSubstr("day.jsonl:7: expected 'acknowledge TD-1' to be refused with "
                                    "permission_denied, but it was refused with "
                                    "failed_precondition: TD-1 is already yours"));
}

TEST_F(TimelineRecorderTest, ExpectedRefusalIsQuiet) {
  auto recorder = Recorder(TimelineRecorder::Format::kNone);
  recorder.OnRefused(AcknowledgeExpecting("permission_denied"),
                     Error{ErrorCode::kPermissionDenied, "not in the chain", "actor"}, true);
  EXPECT_EQ(err_.str(), "");
}

}  // namespace
}  // namespace tierdesk::cli

#include "service/read_ahead_steps.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace tierdesk::service {
namespace {

// Steps 1..n at one-second intervals, then an error when `fail` is set, else the end.
class Counting final : public ReplaySteps {
 public:
  Counting(int n, bool fail) : n_(n), fail_(fail) {}
  Result<std::optional<ReplayStep>> Next() override {
    if (given_ == n_) {
      if (fail_) return Fail(ErrorCode::kInvalidArgument, "day.jsonl:9: not valid JSON");
      return std::optional<ReplayStep>();
    }
    ++given_;
    return std::optional<ReplayStep>(
        ReplayStep{given_, testing::At("2026-01-05T04:00:00Z") + Seconds(given_), {}, {}});
  }

 private:
  int n_, given_ = 0;
  bool fail_;
};

TEST(ReadAheadSteps, GivesEveryStepInOrderThenTheEnd) {
  Counting source(1000, /*fail=*/false);
  ReadAheadSteps steps(source, /*depth=*/7);
  for (int line = 1; line <= 1000; ++line) {
    auto step = steps.Next();
    ASSERT_TRUE(step && *step) << line;
    EXPECT_EQ((*step)->line, line);
  }
  for (int again = 0; again < 2; ++again) {
    auto end = steps.Next();
    ASSERT_TRUE(end);
    EXPECT_FALSE(*end);
  }
}

TEST(ReadAheadSteps, TheErrorComesWhereTheSourceGaveIt) {
  Counting source(3, /*fail=*/true);
  ReadAheadSteps steps(source, /*depth=*/100);
  for (int line = 1; line <= 3; ++line) ASSERT_EQ(steps.Next().value()->line, line);
  auto bad = steps.Next();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "day.jsonl:9: not valid JSON");
}

TEST(ReadAheadSteps, StoppingEarlyEndsTheReader) {
  Counting source(1'000'000, /*fail=*/false);
  {
    ReadAheadSteps steps(source, /*depth=*/2);
    ASSERT_EQ(steps.Next().value()->line, 1);
  }  // the reader, waiting for room, is stopped and joined here: the test ends
}

}  // namespace
}  // namespace tierdesk::service

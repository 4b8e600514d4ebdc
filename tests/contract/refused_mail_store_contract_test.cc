// Mail kept for an operator (RefusedMailStore).

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class RefusedMailStoreContract : public StoreContract {};

TEST_P(RefusedMailStoreContract, RefusedMailIsKeptWhole) {
  const std::string raw = "From: x@y.example\r\n\r\n\xff\xfe broken";
  auto first = store_->KeepRefusedMail(
      {0, At("2026-01-05T10:00:00Z"), "unknown sender", "m1@y", "x@y.example", 0, raw});
  auto second =
      store_->KeepRefusedMail({0, At("2026-01-05T10:01:00Z"), "auto-reply", "", "z@y", 0, "short"});
  ASSERT_TRUE(first && second);
  auto list = store_->ListRefusedMail(10).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].reason, "auto-reply");
  EXPECT_EQ(list[1].size, int64_t(raw.size()));
  EXPECT_TRUE(list[1].raw.empty());
  auto kept = store_->GetRefusedMail(*first).value();
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->raw, raw);
  EXPECT_EQ(kept->sender, "x@y.example");
  EXPECT_FALSE(store_->GetRefusedMail(999).value().has_value());
  // The same message again (an MTA retrying) is kept once; keyless ones every time.
  service::RefusedMail keyed{
      0, At("2026-01-05T10:02:00Z"), "unknown sender", "m2@y", "x@y", 0, "raw", "mail:m2@y"};
  auto once = store_->KeepRefusedMail(keyed);
  auto twice = store_->KeepRefusedMail(keyed);
  ASSERT_TRUE(once && twice);
  EXPECT_EQ(*once, *twice);
  EXPECT_EQ(store_->ListRefusedMail(10).value().size(), 3u);
}

TIERDESK_STORE_CONTRACT(RefusedMailStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract

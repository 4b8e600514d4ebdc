// Settings (SettingsStore).

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class SettingsStoreContract : public StoreContract {};

TEST_P(SettingsStoreContract, SettingsRoundTrip) {
  ASSERT_TRUE(store_->PutSetting("procedure_id", "a"));
  ASSERT_TRUE(store_->PutSetting("procedure_id", "b"));
  EXPECT_EQ(store_->GetSetting("procedure_id").value(), std::optional<std::string>("b"));
  EXPECT_EQ(store_->GetSetting("missing").value(), std::nullopt);
}

TIERDESK_STORE_CONTRACT(SettingsStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract

// The client directory (ClientDirectory): one client per address.

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class ClientDirectoryContract : public StoreContract {};

TEST_P(ClientDirectoryContract, ClientDirectoryFindsOneClientPerAddress) {
  ASSERT_TRUE(store_->PutClient({"U-1001", "Ganesh K", "ganesh@client.example", "Client Co"}));
  ASSERT_TRUE(store_->PutClient({"U-1002", "Phone Only", "", "Client Co"}));
  ASSERT_TRUE(store_->PutClient({"U-1003", "Also Phone Only", "", "Client Co"}));
  EXPECT_EQ(store_->FindClientByEmail("ganesh@client.example").value()->id, "U-1001");
  EXPECT_FALSE(store_->FindClientByEmail("").value().has_value());
  EXPECT_EQ(store_->FindClient("U-1002").value()->name, "Phone Only");
  auto taken = store_->PutClient({"U-1004", "Impostor", "ganesh@client.example", "Other"});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
  // Replacing a client's own record keeps the address theirs.
  ASSERT_TRUE(store_->PutClient({"U-1001", "Ganesh Kumar", "ganesh@client.example", "Client Co"}));
  EXPECT_EQ(store_->FindClientByEmail("ganesh@client.example").value()->name, "Ganesh Kumar");
}

TIERDESK_STORE_CONTRACT(ClientDirectoryContract);

}  // namespace
}  // namespace tierdesk::service::contract

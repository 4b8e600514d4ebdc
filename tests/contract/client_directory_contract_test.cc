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

TEST_P(ClientDirectoryContract, AddingAClientNeverReplacesAnother) {
  ASSERT_TRUE(store_->AddClient(
      {"U-2001", "Asha Rao", "asha@client.example", "Client Co", "+91 98450 12345"}));
  EXPECT_EQ(store_->FindClient("U-2001").value()->phone, "+91 98450 12345");
  auto same_id = store_->AddClient({"U-2001", "Someone Else", "", "Other", ""});
  ASSERT_FALSE(same_id);
  EXPECT_EQ(same_id.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_id.error().field, "id");
  auto same_address = store_->AddClient({"U-2002", "Impostor", "asha@client.example", "", ""});
  ASSERT_FALSE(same_address);
  EXPECT_EQ(same_address.error().field, "email");
  EXPECT_EQ(store_->FindClient("U-2001").value()->name, "Asha Rao");
  EXPECT_FALSE(store_->FindClient("U-2002").value().has_value());
}

std::vector<std::string> IdsOf(const std::vector<Client>& clients) {
  std::vector<std::string> ids;
  for (const Client& c : clients) ids.push_back(c.id);
  return ids;
}

TEST_P(ClientDirectoryContract, AnAgentFindsAClientByIdNameAddressOrPhoneDigits) {
  ASSERT_TRUE(store_->PutClient(
      {"U-1001", "Ganesh Kumar", "ganesh@client.example", "Client Co", "+91 98450 12345"}));
  ASSERT_TRUE(
      store_->PutClient({"U-10", "Meena Iyer", "meena@svv.example", "SVV", "080-2233 4455"}));
  ASSERT_TRUE(store_->PutClient({"E-77", "Anil U-10 Das", "", "SVV", ""}));
  ASSERT_TRUE(store_->PutClient({"P_1%", "Percent Person", "", "", ""}));
  auto find = [&](const std::string& words, int limit = 10) {
    auto found = store_->SearchClients(words, limit);
    EXPECT_TRUE(found) << found.error().message;
    return found ? IdsOf(*found) : std::vector<std::string>{};
  };
  // The client whose id the words are comes first, then the others by name.
  EXPECT_EQ(find("u-10"), (std::vector<std::string>{"U-10", "E-77", "U-1001"}));
  EXPECT_EQ(find("u-10", 2), (std::vector<std::string>{"U-10", "E-77"}));
  EXPECT_EQ(find("KUMAR"), (std::vector<std::string>{"U-1001"}));
  EXPECT_EQ(find("svv.example"), (std::vector<std::string>{"U-10"}));
  // Digits are found however the number was written, and however they are typed.
  EXPECT_EQ(find("9845012345"), (std::vector<std::string>{"U-1001"}));
  EXPECT_EQ(find("2233-44"), (std::vector<std::string>{"U-10"}));
  // LIKE's wildcards in the words are the characters themselves.
  EXPECT_EQ(find("p_1%"), (std::vector<std::string>{"P_1%"}));
  EXPECT_TRUE(find("%").empty());
  EXPECT_TRUE(find("  ").empty());
  EXPECT_TRUE(find("nobody").empty());
}

TIERDESK_STORE_CONTRACT(ClientDirectoryContract);

}  // namespace
}  // namespace tierdesk::service::contract

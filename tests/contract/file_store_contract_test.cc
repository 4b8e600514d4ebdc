// Files (FileStore): stored once by digest.

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class FileStoreContract : public StoreContract {};

TEST_P(FileStoreContract, BlobsAreStoredOnceByDigest) {
  const std::string bytes("\x89PNG\0\r\n", 7);
  ASSERT_TRUE(store_->PutBlob("abc", bytes));
  ASSERT_TRUE(store_->PutBlob("abc", bytes));
  EXPECT_EQ(store_->GetBlob("abc").value(), bytes);
  EXPECT_FALSE(store_->GetBlob("def").value().has_value());
}

TEST_P(FileStoreContract, BlobSizeIsTheStoredLength) {
  const std::string bytes("\x89PNG\0\r\n", 7);
  ASSERT_TRUE(store_->PutBlob("abc", bytes));
  EXPECT_EQ(store_->BlobSize("abc").value(), std::optional<int64_t>(7));
  EXPECT_EQ(store_->BlobSize("def").value(), std::nullopt);
  ASSERT_TRUE(store_->PutBlob("empty", ""));
  EXPECT_EQ(store_->BlobSize("empty").value(), std::optional<int64_t>(0));
}

TIERDESK_STORE_CONTRACT(FileStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract

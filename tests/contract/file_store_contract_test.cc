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

TEST_P(FileStoreContract, UploadsAreCountedPerUploaderAndFoundByWhoSentThem) {
  const Timestamp t = At("2026-01-05T10:00:00Z");
  ASSERT_TRUE(store_->PutUpload("client:C-1", "a1", std::string(100, 'a'), t));
  ASSERT_TRUE(store_->PutUpload("client:C-1", "b2", std::string(50, 'b'), t + Seconds(60)));
  ASSERT_TRUE(store_->PutUpload("client:C-2", "a1", std::string(100, 'a'), t + Seconds(60)));
  // The same file again moves its upload on; it counts once.
  ASSERT_TRUE(store_->PutUpload("client:C-1", "a1", std::string(100, 'a'), t + Seconds(120)));
  auto usage = store_->UploadsSince("client:C-1", t).value();
  EXPECT_EQ(usage.files, 2);
  EXPECT_EQ(usage.bytes, 150);
  EXPECT_EQ(store_->UploadsSince("client:C-1", t + Seconds(90)).value().files, 1);
  EXPECT_EQ(store_->GetBlob("a1").value(), std::string(100, 'a'));
  EXPECT_TRUE(store_->HasUpload("client:C-1", "b2", t).value());
  EXPECT_FALSE(store_->HasUpload("client:C-2", "b2", t).value());                // not theirs
  EXPECT_FALSE(store_->HasUpload("client:C-1", "b2", t + Seconds(61)).value());  // too old
}

TEST_P(FileStoreContract, UnusedUploadsAreRemovedAndFilesATicketNamesKept) {
  const Timestamp t = At("2026-01-05T10:00:00Z");
  ASSERT_TRUE(store_->PutUpload("client:C-1", "named", "n", t));
  ASSERT_TRUE(store_->PutUpload("client:C-1", "unused", "u", t));
  ASSERT_TRUE(store_->PutUpload("client:C-1", "shared", "s", t));
  ASSERT_TRUE(store_->PutUpload("client:C-2", "shared", "s", t + Seconds(3600)));
  CommitRecord created = Decided({}, testing::CreateFor("C-1"), t, 1);
  created.files_added = {"named"};
  ASSERT_TRUE(store_->Commit({&created, 1}));
  EXPECT_EQ(store_->RemoveUnusedUploads(t + Seconds(60)).value(), 1);
  EXPECT_TRUE(store_->GetBlob("named").value().has_value());  // a ticket names it
  EXPECT_FALSE(store_->GetBlob("unused").value().has_value());
  EXPECT_TRUE(store_->GetBlob("shared").value().has_value());         // a later upload holds it
  EXPECT_FALSE(store_->HasUpload("client:C-1", "named", t).value());  // the upload is forgotten
  EXPECT_EQ(store_->RemoveUnusedUploads(t + Seconds(7200)).value(), 1);
  EXPECT_FALSE(store_->GetBlob("shared").value().has_value());
  EXPECT_TRUE(store_->GetBlob("named").value().has_value());
}

TIERDESK_STORE_CONTRACT(FileStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract

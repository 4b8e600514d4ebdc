// The API's one table of refusals: the document lists exactly its codes, a core error keeps its
// name on the wire, and a refusal's body names its code and field.
#include "http/api/error_mapping.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace tierdesk::http {
namespace {

nlohmann::json Document() {
  std::ifstream in(std::string(TIERDESK_SOURCE_DIR) + "/src/http/openapi.json");
  return nlohmann::json::parse(in);
}

TEST(Refusals, TheApiDocumentListsExactlyTheTablesCodes) {
  const auto listed =
      Document()["components"]["schemas"]["ErrorDetail"]["properties"]["code"]["enum"]
          .get<std::set<std::string>>();
  std::set<std::string> table;
  for (const RefusalWire& wire : AllRefusals()) table.insert(std::string(wire.code));
  EXPECT_EQ(listed, table);
}

TEST(Refusals, ACoreErrorKeepsItsNameOnTheWire) {
  for (ErrorCode code :
       {ErrorCode::kInvalidArgument, ErrorCode::kNotFound, ErrorCode::kAlreadyExists,
        ErrorCode::kFailedPrecondition, ErrorCode::kPermissionDenied, ErrorCode::kUnavailable,
        ErrorCode::kInternal}) {
    const RefusalWire& wire = WireOf(RefusalFor(code));
    EXPECT_EQ(wire.code, ErrorCodeName(code));
    EXPECT_GE(wire.status, 400);
  }
  EXPECT_EQ(WireOf(RefusalFor(ErrorCode::kInvalidArgument)).status, 422);
  EXPECT_EQ(WireOf(RefusalFor(ErrorCode::kFailedPrecondition)).status, 409);
  EXPECT_EQ(WireOf(RefusalFor(ErrorCode::kUnavailable)).status, 503);
}

TEST(Refusals, EachCodeHasOneStatusButInvalidArgument) {
  std::map<std::string_view, std::set<int>> statuses;
  for (const RefusalWire& wire : AllRefusals()) statuses[wire.code].insert(wire.status);
  for (const auto& [code, of] : statuses)
    EXPECT_EQ(of.size(), code == "invalid_argument" ? 2u : 1u) << code;
}

TEST(Refusals, TheBodyNamesCodeMessageAndFieldWhenThereIsOne) {
  const auto with = nlohmann::json::parse(ErrorBody(Refusal::kUploadQuota, "too many", "file"));
  EXPECT_EQ(with["error"]["code"], "upload_quota");
  EXPECT_EQ(with["error"]["message"], "too many");
  EXPECT_EQ(with["error"]["field"], "file");
  const auto without = nlohmann::json::parse(ErrorBody(Refusal::kCsrf, "no token"));
  EXPECT_FALSE(without["error"].contains("field"));
  // A message quoting bytes that are not UTF-8 still makes a body.
  const auto bad = nlohmann::json::parse(ErrorBody(Error{ErrorCode::kNotFound, "no \xff", ""}));
  EXPECT_EQ(bad["error"]["code"], "not_found");
}

}  // namespace
}  // namespace tierdesk::http

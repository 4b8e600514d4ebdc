#include "store/copy/store_copy.h"

#include <array>

#include "common/sha256.h"
#include "store/copy/row_streams.h"

namespace tierdesk::store {

namespace {

// A row's bytes with each value's kind and length, so that no two different rows encode alike.
std::string Encode(const Row& row) {
  std::string out;
  for (const Cell& cell : row) {
    if (cell.null)
      out += 'N';
    else
      out += 'V' + std::to_string(cell.number) + ':' + std::to_string(cell.bytes.size()) + ':' +
             cell.bytes;
  }
  return out;
}

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

// The table's row count and order-free digest, as `reader` sees it.
Result<TableCheck> Check(DeskReader& reader, const DeskTable& table) {
  TableCheck check{table.name, 0, ""};
  std::array<unsigned char, 32> digest{};
  auto s = reader.ForEachRow(table, [&](const Row& row) -> Status {
    const std::string hex = Sha256Hex(Encode(row));
    for (size_t i = 0; i < digest.size(); ++i)
      digest[i] ^= static_cast<unsigned char>(HexValue(hex[2 * i]) << 4 | HexValue(hex[2 * i + 1]));
    ++check.rows;
    return Ok();
  });
  if (!s) return tl::unexpected(s.error());
  static const char* kHex = "0123456789abcdef";
  for (unsigned char b : digest) {
    check.digest += kHex[b >> 4];
    check.digest += kHex[b & 15];
  }
  return check;
}

}  // namespace

Result<std::vector<TableCheck>> CopyDesk(const std::string& from, const std::string& to,
                                         const std::function<void(const std::string&)>& progress) {
  {
    auto reader = OpenDeskReader(from);
    if (!reader) return tl::unexpected(reader.error());
    auto writer = OpenDeskWriter(to);
    if (!writer) return tl::unexpected(writer.error());
    for (const DeskTable& table : DeskTables()) {
      int64_t rows = 0;
      auto s = (*reader)->ForEachRow(table, [&](const Row& row) {
        ++rows;
        return (*writer)->Add(table, row);
      });
      if (!s) return tl::unexpected(s.error());
      progress(std::string(table.name) + ": " + std::to_string(rows) + " rows copied");
    }
    if (auto s = (*writer)->Commit(); !s) return tl::unexpected(s.error());
  }
  // Read back from both sides, each from a snapshot of its own.
  auto source = OpenDeskReader(from);
  if (!source) return tl::unexpected(source.error());
  auto copy = OpenDeskReader(to);
  if (!copy) return tl::unexpected(copy.error());
  std::vector<TableCheck> checks;
  for (const DeskTable& table : DeskTables()) {
    auto a = Check(**source, table);
    if (!a) return tl::unexpected(a.error());
    auto b = Check(**copy, table);
    if (!b) return tl::unexpected(b.error());
    if (a->rows != b->rows || a->digest != b->digest)
      return Fail(ErrorCode::kInternal, std::string("the copy of ") + table.name +
                                            " differs from its source: " + std::to_string(a->rows) +
                                            " rows (digest " + a->digest.substr(0, 12) +
                                            ") against " + std::to_string(b->rows) + " (digest " +
                                            b->digest.substr(0, 12) + ")");
    progress(std::string(table.name) + ": " + std::to_string(a->rows) + " rows verified");
    checks.push_back(std::move(*a));
  }
  return checks;
}

}  // namespace tierdesk::store

#include "store/postgres/pg_arrays.h"

namespace tierdesk::store {

void ArrayColumn::Separate() {
  if (count_++ > 0) items_ += ',';
}

void ArrayColumn::AddText(std::string_view text) {
  Separate();
  items_ += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') items_ += '\\';
    items_ += c;
  }
  items_ += '"';
}

void ArrayColumn::AddInt(int64_t value) {
  Separate();
  items_ += std::to_string(value);
}

void ArrayColumn::AddBool(bool value) {
  Separate();
  items_ += value ? 't' : 'f';
}

std::string IdArray(std::span<const int64_t> ids) {
  ArrayColumn column;
  for (int64_t id : ids) column.AddInt(id);
  return column.Literal();
}

std::string TextArray(std::span<const std::string> items) {
  ArrayColumn column;
  for (const std::string& item : items) column.AddText(item);
  return column.Literal();
}

}  // namespace tierdesk::store

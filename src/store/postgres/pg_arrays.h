#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tierdesk::store {

// One column of a batch's rows as a PostgreSQL array literal ("{...}"), for a statement that
// unnests its array parameters into rows: a whole batch is written in one round trip where a
// statement per row was one each.
class ArrayColumn {
 public:
  // Quoted, with `"` and `\` escaped: any text (the JSON of a ticket's state, a tab, `\N`,
  // braces and commas) comes back as it went in, except U+0000, which PostgreSQL's text cannot
  // hold and the edges refuse (JSON's \u0000; mail's fields are C strings). Never NULL: the
  // columns written this way are all NOT NULL.
  void AddText(std::string_view text);
  void AddInt(int64_t value);
  void AddBool(bool value);
  size_t size() const { return count_; }
  // The literal, e.g. {"a","b\"c"} or {1,2}.
  std::string Literal() const { return "{" + items_ + "}"; }

 private:
  void Separate();
  std::string items_;
  size_t count_ = 0;
};

// A TEXT[] parameter holding `items`.
std::string TextArray(std::span<const std::string> items);

// A BIGINT[] parameter holding `ids`.
std::string IdArray(std::span<const int64_t> ids);

}  // namespace tierdesk::store

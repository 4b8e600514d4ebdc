#include "procedure/toml_reader.h"

#include <algorithm>

namespace tierdesk::procedure {

namespace {
std::string In(std::string_view where) { return where.empty() ? "" : " in " + std::string(where); }
}  // namespace

int TomlReader::LineOfKey(const toml::table& t, std::string_view key) {
  if (const toml::node* n = t.get(key)) return LineOf(*n);
  return LineOf(t);
}

void TomlReader::CheckKeys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                           std::string_view where) {
  for (const auto& [key, node] : t) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string known;
    for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
    Add(node,
        "unknown key '" + std::string(key.str()) + "'" + In(where) + " (known: " + known + ")");
  }
}

std::string TomlReader::Str(const toml::table& t, std::string_view key, std::string_view where,
                            bool required) {
  const toml::node* n = t.get(key);
  if (n == nullptr) {
    if (required) Add(LineOf(t), "missing '" + std::string(key) + "'" + In(where));
    return {};
  }
  if (auto v = n->value<std::string>()) {
    if (required && v->empty()) Add(*n, "'" + std::string(key) + "' is empty" + In(where));
    return *v;
  }
  Add(*n, "'" + std::string(key) + "' must be a string" + In(where));
  return {};
}

std::vector<std::string> TomlReader::StrList(const toml::table& t, std::string_view key,
                                             std::string_view where) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) return out;
  const toml::array* arr = n->as_array();
  if (arr == nullptr) {
    Add(*n, "'" + std::string(key) + "' must be an array of strings" + In(where));
    return out;
  }
  for (const toml::node& item : *arr) {
    if (auto v = item.value<std::string>())
      out.push_back(*v);
    else
      Add(item, "'" + std::string(key) + "' must hold only strings" + In(where));
  }
  return out;
}

std::optional<Minutes> TomlReader::Dur(const toml::table& t, std::string_view key,
                                       std::string_view where, bool required) {
  const toml::node* n = t.get(key);
  if (n == nullptr) {
    if (required) Add(LineOf(t), "missing '" + std::string(key) + "'" + In(where));
    return std::nullopt;
  }
  auto text = n->value<std::string>();
  if (!text) {
    Add(*n, "'" + std::string(key) + "' must be a duration string like \"15m\"" + In(where));
    return std::nullopt;
  }
  auto d = ParseDuration(*text);
  if (!d) {
    Add(*n, d.error().message + In(where));
    return std::nullopt;
  }
  return *d;
}

bool TomlReader::Bool(const toml::table& t, std::string_view key, std::string_view where,
                      bool fallback) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fallback;
  if (auto v = n->value<bool>()) return *v;
  Add(*n, "'" + std::string(key) + "' must be true or false" + In(where));
  return fallback;
}

int TomlReader::Int(const toml::table& t, std::string_view key, std::string_view where,
                    int fallback) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fallback;
  if (auto v = n->value<int64_t>(); v && *v >= 0 && *v < 1000000) return int(*v);
  Add(*n, "'" + std::string(key) + "' must be a non-negative integer" + In(where));
  return fallback;
}

const toml::table* TomlReader::Table(const toml::table& t, std::string_view key,
                                     std::string_view where) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return nullptr;
  if (const toml::table* tbl = n->as_table()) return tbl;
  Add(*n, "'" + std::string(key) + "' must be a table" + In(where));
  return nullptr;
}

std::vector<const toml::table*> TomlReader::Tables(const toml::table& t, std::string_view key,
                                                   std::string_view where) {
  std::vector<const toml::table*> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) return out;
  const toml::array* arr = n->as_array();
  if (arr == nullptr) {
    Add(*n, "'" + std::string(key) + "' must be an array of tables ([[" + std::string(key) + "]])" +
                In(where));
    return out;
  }
  for (const toml::node& item : *arr) {
    if (const toml::table* tbl = item.as_table())
      out.push_back(tbl);
    else
      Add(item, "'" + std::string(key) + "' must hold only tables" + In(where));
  }
  return out;
}

}  // namespace tierdesk::procedure

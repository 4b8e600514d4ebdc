#include "service/clients.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "common/text.h"
#include "core/intake.h"

namespace tierdesk::service {
namespace {

bool IdChar(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-' ||
         ch == '@' || ch == ':' || ch == '+';
}

bool PhoneChar(char ch) {
  return std::isdigit(static_cast<unsigned char>(ch)) || ch == ' ' || ch == '+' || ch == '-' ||
         ch == '(' || ch == ')' || ch == '.' || ch == '/';
}

Status TooLong(const std::string& value, size_t max, const char* field) {
  if (value.size() <= max) return Ok();
  return Fail(ErrorCode::kInvalidArgument,
              std::string(field) + " is longer than " + std::to_string(max) + " bytes", field);
}

std::string EscapedForLike(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

}  // namespace

Result<Client> CheckClientEntry(Client c) {
  c.id = TrimSpace(c.id);
  c.name = TrimSpace(c.name);
  c.email = AsciiLower(TrimSpace(c.email));
  c.organisation = TrimSpace(c.organisation);
  c.phone = TrimSpace(c.phone);
  if (c.id.empty())
    return Fail(ErrorCode::kInvalidArgument, "a client needs a unique user ID", "id");
  if (auto s = TooLong(c.id, kMaxClientIdBytes, "id"); !s) return tl::unexpected(s.error());
  if (!std::all_of(c.id.begin(), c.id.end(), IdChar))
    return Fail(ErrorCode::kInvalidArgument,
                "a user ID is letters, digits and . _ - @ : + only, without spaces", "id");
  if (c.name.empty()) return Fail(ErrorCode::kInvalidArgument, "a client needs a name", "name");
  for (auto [value, field] : {std::pair{&c.name, "name"}, std::pair{&c.email, "email"},
                              std::pair{&c.organisation, "organisation"}})
    if (auto s = TooLong(*value, kMaxClientTextBytes, field); !s) return tl::unexpected(s.error());
  if (!c.email.empty() && !core::IsEmailAddress(c.email))
    return Fail(ErrorCode::kInvalidArgument, "'" + c.email + "' is not an email address", "email");
  if (auto s = TooLong(c.phone, kMaxClientPhoneBytes, "phone"); !s)
    return tl::unexpected(s.error());
  if (!c.phone.empty() &&
      (!std::all_of(c.phone.begin(), c.phone.end(), PhoneChar) || PhoneDigits(c.phone).size() < 3))
    return Fail(ErrorCode::kInvalidArgument,
                "a phone number is digits, with spaces, + - ( ) . / between them", "phone");
  return c;
}

std::string PhoneDigits(std::string_view phone) {
  std::string digits;
  for (char ch : phone)
    if (std::isdigit(static_cast<unsigned char>(ch))) digits += ch;
  return digits;
}

ClientSearch ClientSearch::Of(std::string_view words) {
  ClientSearch search;
  search.lower = AsciiLower(TrimSpace(words));
  search.digits = PhoneDigits(search.lower);
  if (search.digits.size() < 3) search.digits.clear();
  return search;
}

bool ClientSearch::Matches(const Client& c) const {
  if (lower.empty()) return false;
  if (AsciiLower(c.id).starts_with(lower)) return true;
  if (AsciiLower(c.name).find(lower) != std::string::npos) return true;
  if (c.email.find(lower) != std::string::npos) return true;
  return !digits.empty() && PhoneDigits(c.phone).find(digits) != std::string::npos;
}

std::string ClientSearch::IdPattern() const { return EscapedForLike(lower) + "%"; }
std::string ClientSearch::ContainsPattern() const { return "%" + EscapedForLike(lower) + "%"; }
std::string ClientSearch::DigitsPattern() const { return digits.empty() ? "" : "%" + digits + "%"; }

bool SearchOrder(const ClientSearch& search, const Client& a, const Client& b) {
  const bool a_exact = AsciiLower(a.id) == search.lower;
  const bool b_exact = AsciiLower(b.id) == search.lower;
  return std::tuple(!a_exact, AsciiLower(a.name), a.id) <
         std::tuple(!b_exact, AsciiLower(b.name), b.id);
}

}  // namespace tierdesk::service

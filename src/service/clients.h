#pragma once

// The client directory's rules, the same for every store and every edge: what a client entered
// by staff must be, and what an agent's typed words find.

#include <string>
#include <string_view>

#include "common/result.h"
#include "service/ports.h"

namespace tierdesk::service {

inline constexpr size_t kMaxClientIdBytes = 64;
inline constexpr size_t kMaxClientTextBytes = 200;  // a name, an organisation, an address
inline constexpr size_t kMaxClientPhoneBytes = 40;

// A client as staff enter them (the API, the CLI): trimmed, the address lower-cased; else the
// refusal naming the field at fault. An id is letters, digits and . _ - @ : + (what a user ID,
// or a mail-registered client's "mail:address", is made of).
Result<Client> CheckClientEntry(Client given);

// The digits of a phone number, which is how a number is found however it was written.
std::string PhoneDigits(std::string_view phone);

// What an agent's words find in the directory: a client whose unique user ID starts with them,
// whose name or e-mail address contains them (ASCII letters in any case), or, when they hold
// three digits or more, whose phone number's digits contain theirs.
struct ClientSearch {
  std::string lower;   // the words, trimmed and lower-cased
  std::string digits;  // their digits, when three or more; else empty

  static ClientSearch Of(std::string_view words);
  bool Matches(const Client& client) const;
  // The same match as SQL LIKE patterns, escaped with a backslash (ESCAPE '\').
  std::string IdPattern() const;        // lower-case id starts with the words
  std::string ContainsPattern() const;  // lower-case name or address contains them
  std::string DigitsPattern() const;    // phone digits contain theirs; "" when none
};

// The search's order: the client whose id the words are, then by name, then by id.
bool SearchOrder(const ClientSearch& search, const Client& a, const Client& b);

}  // namespace tierdesk::service

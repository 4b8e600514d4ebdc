#pragma once

// Product information (seed 002: Level 1 "provides product information"): what an asset's page
// shows of who supports it. The API asks this; the pages show what it answers.

#include <string>
#include <vector>

#include "core/procedure.h"

namespace tierdesk::core {

// Where a contact stands in an asset's chain: the seeds' primary, secondary and team leader (the
// last of three or more), and any step between.
enum class ContactRole { kPrimary, kSecondary, kNext, kTeamLeader };
const char* ContactRoleName(ContactRole role);  // "primary", "secondary", "next", "team_leader"

struct AssetContact {
  ContactRole role = ContactRole::kPrimary;
  bool on_call = false;            // of the after-hours chain
  int step = 1;                    // 1 = paged first
  const Person* person = nullptr;  // null when the procedure names nobody by the chain's id
  std::string person_id;
  Minutes ack_window{0};
};

// Who supports `asset`, in paging order (its chain, then its after-hours chain), for staff. A
// client is told none of it: the chain is the desk's own organisation, its people's numbers are
// not for callers (they reach the desk, which pages them), so a client gets an empty list.
std::vector<AssetContact> AssetContacts(const Procedure& procedure, const Asset& asset,
                                        bool for_client);

}  // namespace tierdesk::core

#include "core/asset_info.h"

namespace tierdesk::core {

const char* ContactRoleName(ContactRole role) {
  switch (role) {
    case ContactRole::kPrimary:
      return "primary";
    case ContactRole::kSecondary:
      return "secondary";
    case ContactRole::kNext:
      return "next";
    case ContactRole::kTeamLeader:
      return "team_leader";
  }
  return "next";
}

std::vector<AssetContact> AssetContacts(const Procedure& procedure, const Asset& asset,
                                        bool for_client) {
  std::vector<AssetContact> out;
  if (for_client) return out;
  for (bool on_call : {false, true}) {
    const std::vector<ChainStep>& chain = on_call ? asset.on_call : asset.chain;
    for (size_t i = 0; i < chain.size(); ++i) {
      const ContactRole role = i == 0 ? ContactRole::kPrimary
                               : chain.size() >= 3 && i + 1 == chain.size()
                                   ? ContactRole::kTeamLeader
                               : i == 1 ? ContactRole::kSecondary
                                        : ContactRole::kNext;
      out.push_back({role, on_call, int(i) + 1, procedure.FindPerson(chain[i].person),
                     chain[i].person, chain[i].ack_window});
    }
  }
  return out;
}

}  // namespace tierdesk::core

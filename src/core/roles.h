#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace tierdesk::core {

// The roles a procedure file may give its people ([[people]] roles), in one list: the loader
// refuses any other, and the core's rules below name them from here.
namespace role {
inline constexpr std::string_view kAgent = "agent";
inline constexpr std::string_view kEngineer = "engineer";
inline constexpr std::string_view kSeniorEngineer = "senior_engineer";
inline constexpr std::string_view kTeamLeader = "team_leader";  // paged when a chain runs out
inline constexpr std::string_view kItHead = "it_head";
inline constexpr std::string_view kItManager = "it_manager";
inline constexpr std::string_view kQualityControl = "qc";  // passes or fails a resolution
inline constexpr std::string_view kAdmin = "admin";        // works every tier's tickets
inline constexpr std::string_view kOnsiteEngineer = "onsite_engineer";
inline constexpr std::string_view kNocEngineer = "noc_engineer";
inline constexpr std::string_view kKnowledgeManager = "knowledge_manager";
}  // namespace role

inline constexpr std::array kKnownRoles = {
    role::kAgent,      role::kEngineer,      role::kSeniorEngineer, role::kTeamLeader,
    role::kItHead,     role::kItManager,     role::kQualityControl, role::kAdmin,
    role::kOnsiteEngineer, role::kNocEngineer, role::kKnowledgeManager};

inline bool IsKnownRole(std::string_view name) {
  return std::find(kKnownRoles.begin(), kKnownRoles.end(), name) != kKnownRoles.end();
}

// The roles that administer the desk: apply procedures, manage everyone's API tokens and the
// mail gateway's (permission.h, Administers). In words, for refusals.
inline constexpr std::array kAdministratorRoleList = {role::kAdmin, role::kItManager,
                                                      role::kItHead};
inline constexpr const char* kAdministratorRoles = "the admin, it_manager or it_head role";

}  // namespace tierdesk::core

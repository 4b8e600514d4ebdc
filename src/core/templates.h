#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/procedure.h"

namespace tierdesk::core {

using TemplateVars = std::map<std::string, std::string>;

// Every message tierdesk sends, by name. A procedure may override any of them.
const std::vector<std::string>& TemplateNames();
// The variables templates may use ({{ticket}}, {{status}}, ...).
const std::vector<std::string>& TemplateVariables();
// Seed 001's five parts of a resolution letter, in order.
const std::vector<std::string>& ResolutionLetterParts();

// A placeholder for a one-click link that lets `actor` do `action` ("acknowledge", "sign_off",
// "reopen", "approve", "decline") on the mail's ticket while its link_cycle is still `cycle`:
// "[[link:ACTION:ACTOR#CYCLE]]". The core cannot sign links (it has no key and no address); the
// mail courier replaces each marker with a signed URL at delivery.
std::string LinkMarker(std::string_view action, std::string_view actor, int64_t cycle);
// `text` with no "[[" left ("[[" becomes "[ ["), for the words of people (a title, a reason, a
// note) that go into a mail: the courier must never sign a link marker someone wrote, or a
// client could mint a link that acts as a member of staff.
std::string DefuseLinkMarkers(std::string_view text);
// Template variables named "*_link" hold LinkMarkers; mails defuse every other value.
bool IsLinkVariable(std::string_view name);

// The procedure's template, else tierdesk's default. `name` must be in TemplateNames().
const Template& TemplateFor(const Procedure& procedure, std::string_view name);

// Replaces each {{name}} (spaces allowed inside the braces) by its value; unknown names
// become empty. Validation rejects unknown names before a procedure is ever used.
std::string Render(std::string_view text, const TemplateVars& vars);
// The {{names}} a text uses, in order of appearance.
std::vector<std::string> PlaceholdersIn(std::string_view text);

}  // namespace tierdesk::core

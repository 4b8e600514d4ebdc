#pragma once

// The JSON wire format of tierdesk: commands in (replay input, API bodies), tickets, events and
// effects out (timeline, API, stored state). Field names here are a stable interface.

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/command.h"
#include "core/event.h"
#include "core/ticket.h"

namespace date {
class time_zone;
}

namespace tierdesk::json {

using Json = nlohmann::ordered_json;

// The whole ticket, for the store's current-state row. Round-trips exactly.
Json TicketToJson(const core::Ticket& ticket);
[[nodiscard]] Result<core::Ticket> TicketFromJson(const Json& j);

Json AttachmentToJson(const core::Attachment& attachment);
// Throws nlohmann's exceptions on a malformed one (its callers catch them).
core::Attachment AttachmentFromJson(const Json& j);
// Files a request names by the digest of an upload, [{"sha256", "name", "content_type"}] at
// `key` (null or absent: none). The sizes are left 0: whoever holds the files fills them in
// from the stored bytes, never from the request. kInvalidArgument naming "key[i].field".
[[nodiscard]] Result<std::vector<core::Attachment>> AttachmentRefsFromJson(const Json* value,
                                                                           const std::string& key);
// Parts of the ticket's row, as TicketToJson writes them (for views that show only these).
Json RegistrationToJson(const core::Registration& registration);
Json PageToJson(const std::optional<core::Page>& page);  // null when none is in flight
// What the priority is worked out from; a grade or priority not given is null.
// `zone` null: UTC, as stored.
Json HandOffNoteToJson(const core::HandOffNote& note, const date::time_zone* zone);
Json ConsultToJson(const core::Consult& consult, const date::time_zone* zone);
Json FixConfirmationToJson(const core::FixConfirmation& confirmation, const date::time_zone* zone);
Json AnsweredQuestionnaireToJson(const core::AnsweredQuestionnaire& answered);
Json FactorsToJson(const core::PriorityFactors& factors);

// A timeline line: {"at","ticket","type","actor","to",...fields}. Times in `zone` (UTC if null).
Json EventToJson(const core::Event& event, const date::time_zone* zone);
Json EffectToJson(const core::Effect& effect, Timestamp at, const date::time_zone* zone);

// A command: {"cmd": "handoff", "actor": "...", "ticket": "TD-1", ...fields of the command}.
// kInvalidArgument naming the offending field for anything malformed or unknown.
[[nodiscard]] Result<core::Command> CommandFromJson(const Json& j);

// Event fields (a list of pairs) as stored in the log.
Json FieldsToJson(const std::vector<std::pair<std::string, std::string>>& fields);
std::vector<std::pair<std::string, std::string>> FieldsFromJson(const Json& j);

}  // namespace tierdesk::json

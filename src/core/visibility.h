#pragma once

#include <string_view>

#include "core/event.h"
#include "core/questionnaire.h"
#include "core/ticket.h"

namespace tierdesk::core {

// What a client may see of their own ticket. The API's views, the live stream and the client's
// timeline pages all ask these; nothing else decides it.

// The conversation and the milestones of the request; never internal notes, pages, staff
// reminders, quality control or the decisions staff take before the client is asked.
bool ClientSees(const Event& event);
// A field of an event the client sees: all but which credential staff used (the audit is the
// service desk's), what a tier tried before handing off (for the next tier; the client reads
// the hand-off's client_message, what the agent chose to tell them), and the known fix a
// resolution names (ClientSeesResolutionField).
bool ClientSeesField(std::string_view event_type, std::string_view field);
// A field of a resolution the client reads (on the ticket and in its letters): all but the known
// fix, an article they may not read (an internal one's reference tells them it exists).
bool ClientSeesResolutionField(std::string_view key);
// The files of internal notes are for staff, as the notes are.
inline bool ClientSees(const Attachment& file) { return !file.internal; }
// Answers to a questionnaire for clients: they gave them, or could have.
inline bool ClientSees(const AnsweredQuestionnaire& answered) { return answered.for_clients; }
// Clients walk only the questionnaires for them (MayWalk); of where their answers lead they see
// the fix to try and whether Level 1 can resolve with it, not the desk's triage of them.
inline bool MayWalk(const Questionnaire& q, bool client) { return !client || q.for_clients; }
QuestionOutcome WhatClientSees(const QuestionOutcome& outcome);
// The client reads a resolution once its letter is sent: after quality control, if any; then
// the fields ClientSeesResolutionField allows.
bool ClientSeesResolution(const Ticket& ticket);
std::map<std::string, std::string> ResolutionForClient(const Ticket& ticket);

}  // namespace tierdesk::core

#include <algorithm>

#include "core/machine.h"
#include "core/permission.h"

namespace tierdesk::core {

Status Machine::Apply(const cmd::Consult& c) {
  const ConsultTeam* team = p_.FindConsultTeam(c.team);
  if (team == nullptr)
    return Fail(ErrorCode::kInvalidArgument,
                "this procedure has no team '" + c.team + "' to consult", "team");
  TD_TRY(Require(!c.question.empty(), "question", "a consult needs a question"));
  if (t_.OpenConsult(team->id) != nullptr)
    return Fail(ErrorCode::kFailedPrecondition,
                team->name + " has not answered the question already asked on " + TicketRef(t_.id) +
                    "; add to it with a note",
                "team");
  if (t_.consults.size() >= kMaxConsults)
    return Fail(ErrorCode::kFailedPrecondition,
                TicketRef(t_.id) + " has had " + std::to_string(kMaxConsults) +
                    " consults, as many as a ticket may",
                "team");
  const Calendar& cal = p_.CalendarFor(team->calendar);
  // The team's answer is due whatever the ticket waits on: the client's reply does not stop it.
  SlaClock clock =
      StartClock(clocks::ConsultAnswer(team->id), cal, team->answer_within, now_, false);
  Emit(EventType::kConsultAsked, "",
       {{"team", team->id},
        {"team_name", team->name},
        {"question", c.question},
        {"due", Fmt(clock.due)}});
  Emit(EventType::kClockStarted, "",
       {{"clock", clock.name}, {"due", Fmt(clock.due)}, {"calendar", cal.name()}});
  t_.SetClock(std::move(clock));
  t_.consults.push_back(Consult{team->id, c.question, actor_, t_.tier, now_});
  PageConsult(t_.consults.back(), *team, 0);
  return Ok();
}

void Machine::PageConsult(Consult& consult, const ConsultTeam& team, int step) {
  const ChainStep& s = team.chain[step];
  consult.step = step;
  consult.paged = s.person;
  SlaClock ack = StartClock(clocks::ConsultPage(team.id), p_.CalendarFor(team.calendar),
                            s.ack_window, now_, false);
  Emit(EventType::kConsultPaged, s.person,
       {{"team", team.id}, {"step", std::to_string(step + 1)}, {"ack_due", Fmt(ack.due)}});
  if (const Person* person = p_.FindPerson(s.person)) {
    const Person* asker = p_.FindPerson(consult.asked_by);
    MailPerson(*person, "consult_request",
               {{"team_name", team.name},
                {"asker", asker != nullptr ? asker->name : consult.asked_by},
                {"answer_within", FormatDuration(team.answer_within)},
                {"question", consult.question},
                {"tried", TriedSoFar()}},
               Effect::Kind::kPage);
  }
  t_.SetClock(std::move(ack));
}

bool Machine::OnConsultClockDue(const SlaClock& clock) {
  const std::string_view kind = clocks::KindOf(clock.name);
  if (kind != clocks::kConsult && kind != clocks::kConsultPage) return false;
  const bool paging = kind == clocks::kConsultPage;
  // The team the clock is named for: what follows "consult:" or "consult_page:".
  const std::string_view team_id = std::string_view(clock.name).substr(kind.size() + 1);
  const ConsultTeam* team = p_.FindConsultTeam(team_id);
  Consult* consult = team != nullptr ? t_.OpenConsult(team->id) : nullptr;
  if (consult == nullptr) return true;  // answered, or the procedure no longer has the team
  if (paging) {
    // Nobody answered within their window: the next in the team's chain is asked. The last in
    // line keeps it; the answer clock says when it is overdue.
    if (consult->step + 1 < int(team->chain.size()))
      PageConsult(*consult, *team, consult->step + 1);
    return true;
  }
  std::vector<const Person*> told;
  for (const std::string& id : {team->chain.back().person, consult->asked_by}) {
    const Person* person = p_.FindPerson(id);
    if (person != nullptr && std::find(told.begin(), told.end(), person) == told.end())
      told.push_back(person);
  }
  for (const Person* person : told) {
    Emit(EventType::kTeamLeaderNotified, person->id, {{"clock", clock.name}});
    MailPerson(
        *person, "consult_overdue",
        {{"team_name", team->name}, {"question", consult->question}, {"due", Fmt(clock.due)}});
  }
  return true;
}

Status Machine::Apply(const cmd::ConsultAnswer& c) {
  Consult* consult = t_.OpenConsult(c.team);
  if (consult == nullptr)
    return Fail(ErrorCode::kFailedPrecondition,
                "no question to '" + c.team + "' waits for an answer on " + TicketRef(t_.id),
                "team");
  TD_TRY(MayAnswerConsult(t_, actor_, p_, c.team));
  TD_TRY(Require(!c.answer.empty(), "answer", "a consult's answer needs text"));
  consult->answer = c.answer;
  consult->answered_by = actor_;
  consult->answered_at = now_;
  consult->paged.clear();
  const std::string team = consult->team;
  const std::string asked_by = consult->asked_by;
  DropClock(clocks::ConsultPage(team));
  ClockDone(clocks::ConsultAnswer(team));
  const ConsultTeam* consulted = p_.FindConsultTeam(team);
  const std::string team_name = consulted != nullptr ? consulted->name : team;
  Emit(EventType::kConsultAnswered, "",
       {{"team", team}, {"team_name", team_name}, {"answer", c.answer}});
  // The asker, and whoever holds the ticket now, read the answer where they work.
  std::vector<std::string> readers = {asked_by};
  if (t_.assignee != asked_by) readers.push_back(t_.assignee);
  for (const std::string& id : readers) {
    const Person* person = p_.FindPerson(id);
    if (person == nullptr || id == actor_) continue;
    MailPerson(*person, "consult_answered", {{"team_name", team_name}, {"answer", c.answer}});
  }
  return Ok();
}

void Machine::EndConsults(const std::string& reason) {
  for (Consult& consult : t_.consults) {
    if (!consult.open()) continue;
    consult.paged.clear();
    DropClock(clocks::ConsultPage(consult.team));
    ClockStopped(clocks::ConsultAnswer(consult.team), reason);
  }
}

}  // namespace tierdesk::core

import type { EventType, TimelineEntry } from './types';
import { callOutcomeLabels, clockLabel, criterionLabels, fieldLabel, label } from './labels';
import { formatAt } from './time.svelte';

// How an event reads: one line, and the text it carries (shown as text, never HTML). `s` gives
// one of the event's fields as text ('' when absent), `who` says who acted, and `name` who
// someone is to the reader (staff see "The client", the client sees "You").
type Wording = (about: { s: (field: string) => string; who: string; name: (id: string) => string }) => { line: string; body: string };

// Keyed by the API document's list of event types: one it adds fails the type check until it is
// worded here.
const wordings: Record<EventType, Wording> = {
  created: ({ s, who }) => ({ line: `${who} registered the request (${s('channel')}), ${s('priority')} priority, at ${s('tier')}`, body: '' }),
  // What the client was told, then (staff only: clients are never sent it) what was tried.
  handed_off: ({ s, who }) => ({
    line: `${who} handed off ${s('from')} → ${s('to')}: ${label(criterionLabels, s('criterion'))}`,
    body: [s('client_message'), s('tried') ? `Tried (staff only): ${s('tried')}` : ''].filter(Boolean).join('\n'),
  }),
  paged: ({ s, name }) => ({ line: `Paged ${name(s('to'))} for ${s('asset')} (step ${s('step')}, pass ${s('pass')})`, body: '' }),
  acknowledged: ({ s, who, name }) => ({ line: s('paged') && name(s('paged')) !== who ? `${who} acknowledged for ${name(s('paged'))}` : `${who} acknowledged`, body: '' }),
  called: ({ s, who, name }) => ({ line: `${who} called ${name(s('to'))} (${s('asset')} step ${s('step')}): ${label(callOutcomeLabels, s('outcome'))}`, body: s('note') }),
  responded: ({ s, who }) => {
    const when = s('eta') ? `ETA ${formatAt(s('eta'))}` : s('next_update') ? `next update ${formatAt(s('next_update'))}` : '';
    return { line: `${who} responded: ${s('status')}${when ? ' — ' + when : ''}`, body: s('findings') };
  },
  priority_changed: ({ s, who }) => ({ line: `${who} changed the priority ${s('from')} → ${s('to')}`, body: s('reason') }),
  // "Anil Kumar changed the priority factors": each factor with what it was before.
  triaged: ({ s, who }) => ({
    line: `${who} changed the priority factors (${s('priority_reasons') || 'the procedure’s default'})`,
    body: [
      ...['impact', 'urgency', 'service_down', 'no_workaround', 'people_affected', 'other_clients_on_asset'].filter((f) => s(f) !== '').map((f) => `${fieldLabel(f)}: ${s(`${f}_before`) || '(none)'} → ${s(f) || '(none)'}`),
      s('reason'),
    ].filter(Boolean).join('\n'),
  }),
  // "Ola Nowak answered “Username or password problem”": each question and its answer, then the fix.
  questionnaire_answered: ({ s, who }) => ({
    line: `${who} answered “${s('title')}”${s('complete') === 'yes' ? '' : ' (not finished)'}${s('route') ? `, which sends it to ${s('route')}` : ''}`,
    body: [s('answers'), s('fix') ? `Known fix: ${s('fix')}` : ''].filter(Boolean).join('\n'),
  }),
  workaround_given: ({ s, who }) => ({ line: `${who} gave a workaround`, body: s('workaround') }),
  pending_client: ({ s, who }) => ({ line: `${who} asked the client`, body: s('question') }),
  client_replied: ({ s, who }) => ({ line: `${who} replied`, body: s('text') }),
  // "Anil Kumar amended room, module": each field with what it said before, one per line.
  amended: ({ s, who }) => ({
    line: `${who} amended ${s('fields')}`,
    body: [
      ...s('fields').split(', ').filter(Boolean).map((f) => `${fieldLabel(f)}: ${s(`${f}_before`) || '(empty)'} → ${s(f) || '(empty)'}`),
      s('reason'),
    ].filter(Boolean).join('\n'),
  }),
  note: ({ s, who }) => ({ line: `${who} added ${s('visibility') === 'public' ? 'a note for the client' : 'an internal note'}${s('confirms_fix') === 'yes' ? ', confirming the fix works' : ''}`, body: s('text') }),
  consult_asked: ({ s, who }) => ({ line: `${who} asked ${s('team_name')}, answer due ${formatAt(s('due'))}`, body: s('question') }),
  consult_paged: ({ s, name }) => ({ line: `Paged ${name(s('to'))} of the ${s('team')} team for the consult (step ${s('step')})`, body: '' }),
  consult_answered: ({ s, who }) => ({ line: `${who} answered for ${s('team_name')}`, body: s('answer') }),
  // `to` is the role the ticket went up to; `level` only its number.
  escalated: ({ s, who }) => ({ line: `${who} escalated to ${s('to').replace(/_/g, ' ') || 'level ' + s('level')}`, body: s('reason') }),
  resolved: ({ s, who }) => ({ line: `${who} resolved the ticket`, body: s('details') || s('summary') }),
  qc_passed: ({ s, who }) => ({ line: `${who} passed quality control`, body: s('notes') }),
  qc_failed: ({ s, who }) => ({ line: `${who} failed quality control`, body: s('reason') }),
  signed_off: ({ s, who }) => ({ line: `${who} signed off`, body: s('comment') }),
  closed: ({ s }) => ({ line: `Closed: ${s('how')}`, body: '' }),
  reopened: ({ s, who }) => ({ line: `${who} reopened the ticket`, body: s('reason') }),
  decision_requested: ({ s }) => ({ line: `Routing to ${s('tier')} waits for the ${s('to').replace(/_/g, ' ')}’s decision`, body: '' }),
  manager_approved: ({ s, who }) => ({ line: `${who} approved routing to ${s('to')}`, body: s('reason') }),
  manager_declined: ({ s, who }) => ({ line: `${who} declined routing to ${s('tier')}`, body: s('reason') }),
  approval_requested: ({ s }) => ({ line: `The client’s approval was asked to route the request to ${s('tier')}`, body: '' }),
  client_approved: ({ s, who }) => ({ line: `${who} approved routing the request to ${s('to')}`, body: '' }),
  client_declined: ({ s, who }) => ({ line: `${who} declined routing the request to ${s('tier')}`, body: s('reason') }),
  qc_requested: () => ({ line: 'Quality control was asked to check the resolution', body: '' }),
  signoff_requested: () => ({ line: 'Sign-off requested: the client is asked to confirm the problem is solved', body: '' }),
  signoff_reminder_sent: ({ s }) => ({ line: `Reminder ${s('reminder')} sent to confirm the resolution`, body: '' }),
  signoff_overdue: () => ({ line: 'The client has not signed off after every reminder', body: '' }),
  knowledge_base_task: ({ s, name }) => ({ line: `Knowledge-base article asked of ${name(s('to')) || 'nobody (no resolver)'}`, body: '' }),
  team_leader_notified: ({ s, name }) =>
    s('clock').startsWith('consult:')
      ? { line: `${name(s('to'))} was told the ${s('clock').slice('consult:'.length)} team's answer is overdue`, body: '' }
      : { line: `${name(s('to'))} (team leader) was told the ${clockLabel(s('clock')).toLowerCase()} target was missed`, body: '' },
  reminder_sent: ({ s, name }) => ({ line: `${name(s('to'))} was reminded: ${clockLabel(s('clock')).toLowerCase()} due`, body: '' }),
  page_chain_exhausted: ({ s }) => ({ line: `Nobody on ${s('asset')}’s chain acknowledged the page`, body: '' }),
  hierarchy_exhausted: ({ s }) => ({ line: 'No higher level left in the escalation hierarchy', body: s('reason') }),
  delivery_failed: ({ s }) => ({ line: `A ${s('channel')} to ${s('to')} (${s('template').replace(/_/g, ' ')}) could not be delivered`, body: s('error') }),
  clock_paused: ({ s }) => ({ line: `${clockLabel(s('clock'))} clock paused, ${s('remaining')} left`, body: '' }),
  clock_resumed: ({ s }) => ({ line: `${clockLabel(s('clock'))} clock resumed, due ${formatAt(s('due'))}`, body: '' }),
  clock_started: ({ s }) => ({ line: `${clockLabel(s('clock'))} clock started, due ${formatAt(s('due'))}`, body: '' }),
  clock_met: ({ s }) => ({ line: `${clockLabel(s('clock'))} clock met`, body: '' }),
  clock_breached: ({ s }) => ({ line: `${clockLabel(s('clock'))} clock breached`, body: '' }),
  clock_stopped: ({ s }) => ({ line: `${clockLabel(s('clock'))} clock stopped`, body: '' }),
};

// One line for an event of the timeline, and the text it carries.
export function describe(e: TimelineEntry, name: (id: string) => string): { line: string; body: string } {
  const s = (k: string) => (e[k] === undefined || e[k] === null ? '' : String(e[k]));
  const who = e.actor === 'system' ? 'tierdesk' : name(e.actor);
  // An event the document does not list yet still shows, as its type in words.
  const wording = wordings[e.type] ?? (() => ({ line: `${who}: ${String(e.type).replace(/_/g, ' ')}`, body: s('text') || s('reason') || s('comment') }));
  return wording({ s, who, name });
}

// Events that are part of the conversation with the client: what the client sees too, as the
// server marks each (core/visibility.h decides).
export function isClientMessage(e: TimelineEntry): boolean {
  return e.client_sees === true;
}

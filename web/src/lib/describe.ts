import type { TimelineEntry } from './types';
import { clockLabels, criterionLabels, label } from './labels';
import { formatAt } from './time.svelte';

// One line for an event of the timeline, and the text it carries (shown as text, never HTML).
// `name` says who an actor is to the reader (staff see "The client", the client sees "You").
export function describe(e: TimelineEntry, name: (id: string) => string): { line: string; body: string } {
  const s = (k: string) => (e[k] === undefined || e[k] === null ? '' : String(e[k]));
  const who = e.actor === 'system' ? 'tierdesk' : name(e.actor);
  switch (e.type) {
    case 'created':
      return { line: `${who} registered the request (${s('channel')}), ${s('priority')} priority, at ${s('tier')}`, body: '' };
    case 'handed_off':
      return { line: `${who} handed off ${s('from')} → ${s('to')}: ${label(criterionLabels, s('criterion'))}`, body: s('tried') };
    case 'paged':
      return { line: `Paged ${name(s('to'))} for ${s('asset')} (step ${s('step')}, pass ${s('pass')})`, body: '' };
    case 'acknowledged':
      return { line: `${who} acknowledged`, body: '' };
    case 'responded': {
      const when = s('eta') ? `ETA ${formatAt(s('eta'))}` : s('next_update') ? `next update ${formatAt(s('next_update'))}` : '';
      return { line: `${who} responded: ${s('status')}${when ? ' — ' + when : ''}`, body: s('findings') };
    }
    case 'priority_changed':
      return { line: `${who} changed the priority ${s('from')} → ${s('to')}`, body: s('reason') };
    case 'workaround_given':
      return { line: `${who} gave a workaround`, body: s('workaround') };
    case 'pending_client':
      return { line: `${who} asked the client`, body: s('question') };
    case 'client_replied':
      return { line: `${who} replied`, body: s('text') };
    case 'note':
      return { line: `${who} added ${s('visibility') === 'public' ? 'a note for the client' : 'an internal note'}`, body: s('text') };
    case 'escalated':
      // `to` is the role the ticket went up to; `level` only its number.
      return { line: `${who} escalated to ${s('to').replace(/_/g, ' ') || 'level ' + s('level')}`, body: s('reason') };
    case 'resolved':
      return { line: `${who} resolved the ticket`, body: s('details') || s('summary') };
    case 'qc_passed':
      return { line: `${who} passed quality control`, body: s('notes') };
    case 'qc_failed':
      return { line: `${who} failed quality control`, body: s('reason') };
    case 'signed_off':
      return { line: `${who} signed off`, body: s('comment') };
    case 'closed':
      return { line: `Closed: ${s('how')}`, body: '' };
    case 'reopened':
      return { line: `${who} reopened the ticket`, body: s('reason') };
    case 'decision_requested':
      return { line: `Routing to ${s('tier')} waits for the ${s('to').replace(/_/g, ' ')}’s decision`, body: '' };
    case 'manager_approved':
      return { line: `${who} approved routing to ${s('to')}`, body: s('reason') };
    case 'manager_declined':
      return { line: `${who} declined routing to ${s('tier')}`, body: s('reason') };
    case 'approval_requested':
      return { line: `The client’s approval was asked to route the request to ${s('tier')}`, body: '' };
    case 'client_approved':
      return { line: `${who} approved routing the request to ${s('to')}`, body: '' };
    case 'client_declined':
      return { line: `${who} declined routing the request to ${s('tier')}`, body: s('reason') };
    case 'qc_requested':
      return { line: 'Quality control was asked to check the resolution', body: '' };
    case 'signoff_requested':
      return { line: 'Sign-off requested: the client is asked to confirm the problem is solved', body: '' };
    case 'signoff_reminder_sent':
      return { line: `Reminder ${s('reminder')} sent to confirm the resolution`, body: '' };
    case 'signoff_overdue':
      return { line: 'The client has not signed off after every reminder', body: '' };
    case 'knowledge_base_task':
      return { line: `Knowledge-base article asked of ${name(s('to')) || 'nobody (no resolver)'}`, body: '' };
    case 'team_leader_notified':
      return { line: `${name(s('to'))} (team leader) was told the ${label(clockLabels, s('clock')).toLowerCase()} target was missed`, body: '' };
    case 'reminder_sent':
      return { line: `${name(s('to'))} was reminded: ${label(clockLabels, s('clock')).toLowerCase()} due`, body: '' };
    case 'page_chain_exhausted':
      return { line: `Nobody on ${s('asset')}’s chain acknowledged the page`, body: '' };
    case 'hierarchy_exhausted':
      return { line: 'No higher level left in the escalation hierarchy', body: s('reason') };
    case 'delivery_failed':
      return { line: `A ${s('channel')} to ${s('to')} (${s('template').replace(/_/g, ' ')}) could not be delivered`, body: s('error') };
    case 'clock_paused':
      return { line: `${label(clockLabels, s('clock'))} clock paused, ${s('remaining')} left`, body: '' };
    case 'clock_resumed':
      return { line: `${label(clockLabels, s('clock'))} clock resumed, due ${formatAt(s('due'))}`, body: '' };
    case 'clock_started':
      return { line: `${label(clockLabels, s('clock'))} clock started, due ${formatAt(s('due'))}`, body: '' };
    case 'clock_met':
      return { line: `${label(clockLabels, s('clock'))} clock met`, body: '' };
    case 'clock_breached':
      return { line: `${label(clockLabels, s('clock'))} clock breached`, body: '' };
    case 'clock_stopped':
      return { line: `${label(clockLabels, s('clock'))} clock stopped`, body: '' };
    default: {
      const text = s('text') || s('reason') || s('comment') || '';
      return { line: `${who}: ${String(e.type).replace(/_/g, ' ')}`, body: text };
    }
  }
}

// Events that are part of the conversation with the client: what the client sees too, as the
// server marks each (core/visibility.h decides).
export function isClientMessage(e: TimelineEntry): boolean {
  return e.client_sees === true;
}

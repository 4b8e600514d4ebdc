// The forms of the actions the core lists on a ticket (ticket.actions). Which commands a reader
// may send, to which tiers, with which statuses, priorities and resolution fields, is the
// core's answer; this file only words it. Nothing here looks at a ticket's stage or a role.
import type { FieldSpec, Values } from './forms';
import type { Command } from './api';
import type { Session, TicketAction } from './types';
import { criterionLabels, fieldLabel, label } from './labels';

export interface ActionSpec {
  id: Command; // POST /api/v1/tickets/{ref}/<id>
  title: string;
  button: string; // opens the form, and sends it unless `submit` says otherwise
  submit?: string;
  attach?: boolean; // files can be sent with it
  oneClick?: boolean; // sent at once, without a form (acknowledge)
  fields: FieldSpec[];
  // questionnaire: walked question by question rather than filled in (QuestionnaireWalk).
  walk?: { id: string; title: string }[];
  toBody?: (v: Values) => unknown;
  check?: (v: Values) => string;
}

// Who reads the form: the service desk, or the client about their own request.
export type Audience = Session['kind'];

// How a form turns typed times into instants: the page knows the desk's offset.
export interface FormContext {
  audience: Audience;
  at: (v: string | boolean | undefined) => string | undefined; // a datetime field as RFC 3339
  zoneHint: string; // "in the desk's time (UTC+01:00)"
  knownFix?: string; // the article that solved it, when the page was opened to resolve with one
}

const text = (v: string | boolean | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const options = (values: string[], words: (v: string) => string = (v) => v) => values.map((value) => ({ value, label: words(value) }));
const decision = (v: Values) => ({ approve: v.approve === 'yes', reason: text(v.reason) });
const reason = (id: Command, title: string, button: string, what = 'Reason'): ActionSpec => ({ id, title, button, fields: [{ name: 'reason', label: what, kind: 'textarea', required: true }] });
const approveOrDecline: FieldSpec = {
  name: 'approve', label: 'Decision', kind: 'radio', required: true,
  options: [{ value: 'yes', label: 'Approve' }, { value: 'no', label: 'Decline' }],
};

function handoff(a: TicketAction): ActionSpec {
  const targets = a.targets ?? [];
  // A target that works per asset the ticket names none of needs one: the field lists the
  // assets of every such target, and goes with the hand-off only to one of them.
  const needing = targets.filter((t) => t.asset_kind);
  const assetField: FieldSpec[] = needing.length
    ? [{
        name: 'asset',
        label: `Which ${[...new Set(needing.map((t) => t.asset_kind))].join(' or ')} (${needing.map((t) => t.name).join(', ')} works per ${needing[0]!.asset_kind})`,
        kind: 'select',
        required: targets[0]!.asset_kind !== '',
        options: needing.flatMap((t) => t.assets.map((x) => ({ value: x.id, label: `${x.name} (${x.id})` }))).filter((o, i, all) => all.findIndex((p) => p.value === o.value) === i),
      }]
    : [];
  return {
    id: 'handoff', title: 'Hand off to the next tier', button: 'Hand off',
    fields: [
      { name: 'to', label: 'To tier', kind: 'select', required: true, value: targets[0]?.tier, options: targets.map((t) => ({ value: t.tier, label: t.gated ? `${t.name} (after the IT manager's decision)` : t.name })) },
      { name: 'criterion', label: 'Why (the tier’s hand-off criteria)', kind: 'select', required: true, options: options(a.criteria ?? [], (c) => label(criterionLabels, c)) },
      { name: 'tried', label: 'What was tried', kind: 'textarea', required: true, hint: 'Steps taken and their results: the next tier starts from here. Staff only.' },
      { name: 'client_message', label: 'What the client is told (optional)', kind: 'textarea', hint: 'Nothing of what was tried goes to the client; without words here, the notice says only that the request went to the next team.' },
      ...assetField,
    ],
    check: (v) => (targets.find((t) => t.tier === v.to)?.asset_kind && !text(v.asset) ? 'asset: Say which one.' : ''),
    toBody: (v) => ({
      to: v.to, criterion: v.criterion, tried: text(v.tried), client_message: text(v.client_message),
      asset: targets.find((t) => t.tier === v.to)?.asset_kind ? text(v.asset) : undefined,
    }),
  };
}

function respond(a: TicketAction, ctx: FormContext): ActionSpec {
  return {
    id: 'respond', title: 'Structured response to the client', button: 'Send response',
    fields: [
      { name: 'status', label: 'Status', kind: 'radio', required: true, options: options(a.statuses ?? []) },
      { name: 'eta', label: 'Expected fix by (ETA)', kind: 'datetime' },
      { name: 'next_update', label: 'Next update by', kind: 'datetime', hint: `Give an ETA, a next-update time, or both; ${ctx.zoneHint}.` },
      { name: 'findings', label: 'Findings', kind: 'textarea', required: true, insert: 'client' },
    ],
    check: (v) => (v.eta || v.next_update ? '' : 'next_update: Give an ETA or a next-update time.'),
    toBody: (v) => ({ status: v.status, eta: ctx.at(v.eta), next_update: ctx.at(v.next_update), findings: text(v.findings) }),
  };
}

function resolve(a: TicketAction, ctx: FormContext): ActionSpec {
  // The summary (the client reads it) starts from the known fix the ticket's questionnaire let
  // Level 1 resolve with; the article that solved it is named in its own field, staff's.
  const summary = a.suggested_fix || undefined;
  const fields = (a.resolution_fields ?? ['summary']).map((f, i): FieldSpec => ({ name: `resolution.${f}`, label: fieldLabel(f), kind: i === 0 ? 'text' : 'textarea', required: true, value: i === 0 ? summary : undefined }));
  if (ctx.audience === 'staff')
    fields.push({ name: 'resolution.known_fix', label: 'Known fix (the article that solved it, e.g. KB-7)', kind: 'text', value: ctx.knownFix });
  return {
    id: 'resolve', title: 'Resolve', button: 'Resolve',
    fields,
    // Fields left empty are not sent (known_fix is optional).
    toBody: (v) => ({ resolution: Object.fromEntries(Object.entries(v).filter(([k, x]) => k.startsWith('resolution.') && String(x).trim()).map(([k, x]) => [k.slice(11), String(x).trim()])) }),
  };
}

function signOff(a: TicketAction): ActionSpec {
  if (!a.on_behalf_of_client)
    return { id: 'sign_off', title: 'Sign off: the problem is solved', button: 'Sign off', fields: [{ name: 'comment', label: 'Comment (optional)', kind: 'textarea' }] };
  return {
    id: 'sign_off', title: 'Record the client’s sign-off', button: 'Record sign-off',
    fields: [
      { name: 'channel', label: 'How the client gave it', kind: 'select', required: true, options: options(a.channels ?? [], (c) => fieldLabel(c)) },
      { name: 'client_words', label: 'The client’s own words', kind: 'textarea', required: true },
      { name: 'comment', label: 'Comment (optional)', kind: 'textarea' },
    ],
  };
}

// One intake field completed or corrected at a time, typed as the API takes it: a yes/no, an
// instant, a list of addresses, or text (empty empties the field).
function amend(a: TicketAction, ctx: FormContext): ActionSpec {
  const fields = a.fields ?? [];
  return {
    id: 'amend', title: 'Complete or correct the intake', button: 'Amend intake', submit: 'Save change',
    fields: [
      { name: 'field', label: 'Field', kind: 'select', required: true, options: fields.map((f) => ({ value: f.name, label: f.required ? `${f.label} (required)` : f.label })) },
      { name: 'value', label: 'New value', kind: 'text', hint: `Leave empty to clear it. "First time?": yes or no; "When it happened": a date and time, ${ctx.zoneHint}; "Also notify": addresses separated by commas.` },
      { name: 'reason', label: 'Why (when it is a correction)', kind: 'textarea' },
    ],
    toBody: (v) => {
      const field = String(v.field ?? '');
      const given = text(v.value);
      let value: unknown = given ?? null;
      if (given !== undefined && field === 'first_time') value = /^y/i.test(given) ? true : /^n/i.test(given) ? false : given;
      if (given !== undefined && field === 'occurred_at') value = ctx.at(given.replace(' ', 'T')) ?? given;
      if (given !== undefined && field === 'notify') value = given.split(/[,\s]+/).filter(Boolean);
      return { fields: { [field]: value }, reason: text(v.reason) };
    },
  };
}

// Seed 001's priority factors, starting from the ticket's: only what the agent changes is sent,
// and the core works the priority out again.
function triage(a: TicketAction): ActionSpec {
  const f = a.factors;
  const grades = [{ value: 'high', label: 'High' }, { value: 'medium', label: 'Medium' }, { value: 'low', label: 'Low' }];
  return {
    id: 'triage', title: 'Priority factors', button: 'Change factors', submit: 'Re-evaluate priority',
    fields: [
      { name: 'impact', label: 'Impact', kind: 'select', options: grades, value: f?.impact ?? '' },
      { name: 'urgency', label: 'Urgency', kind: 'select', options: grades, value: f?.urgency ?? '' },
      { name: 'service_down', label: 'A server or database is down', kind: 'checkbox', value: f?.service_down ?? false },
      { name: 'no_workaround', label: 'The client has no alternative', kind: 'checkbox', value: f?.no_workaround ?? false },
      { name: 'people_affected', label: 'People affected', kind: 'text', value: String(f?.people_affected ?? 0) },
      { name: 'reason', label: 'What was learnt (the requester is told it if the priority moves)', kind: 'textarea' },
    ],
    toBody: (v) => {
      const body: Record<string, unknown> = { reason: text(v.reason) };
      if (v.impact && v.impact !== (f?.impact ?? '')) body.impact = v.impact;
      if (v.urgency && v.urgency !== (f?.urgency ?? '')) body.urgency = v.urgency;
      if (Boolean(v.service_down) !== (f?.service_down ?? false)) body.service_down = Boolean(v.service_down);
      if (Boolean(v.no_workaround) !== (f?.no_workaround ?? false)) body.no_workaround = Boolean(v.no_workaround);
      const people = Number(text(v.people_affected) ?? 0);
      if (people !== (f?.people_affected ?? 0)) body.people_affected = Number.isInteger(people) && people >= 0 ? people : text(v.people_affected);
      return body;
    },
  };
}

// Each command's form, or null for one this audience's page does not show. Keyed by the API
// document's list of commands: one it adds fails the type check until it is worded here.
const forms: Record<Command, (a: TicketAction, ctx: FormContext) => ActionSpec | null> = {
  handoff,
  acknowledge: () => ({ id: 'acknowledge', title: 'Acknowledge', button: 'Acknowledge', oneClick: true, fields: [] }),
  respond,
  change_priority: (a) => ({
    id: 'change_priority', title: 'Change the priority', button: 'Change priority',
    fields: [
      { name: 'to', label: 'New priority', kind: 'select', required: true, options: options(a.priorities ?? []) },
      { name: 'reason', label: 'Reason (the requester is told)', kind: 'textarea', required: true },
    ],
  }),
  workaround: () => ({ id: 'workaround', title: 'Give a workaround', button: 'Give workaround', fields: [{ name: 'description', label: 'Workaround', kind: 'textarea', required: true, insert: 'client' }] }),
  pending_client: () => ({ id: 'pending_client', title: 'Wait for the client', button: 'Ask the client', fields: [{ name: 'question', label: 'What the client must answer', kind: 'textarea', required: true, insert: 'client' }] }),
  client_reply: (a, ctx) =>
    ctx.audience === 'staff'
      ? { id: 'client_reply', title: 'Record the client’s reply (a call, a visit)', button: 'Record client reply', attach: a.files, fields: [{ name: 'text', label: 'What the client said', kind: 'textarea', required: true }] }
      : { id: 'client_reply', title: 'Reply', button: 'Reply', submit: 'Send reply', attach: a.files, fields: [{ name: 'text', label: 'Your reply', kind: 'textarea', required: true }] },
  escalate: () => reason('escalate', 'Escalate (hierarchical track)', 'Escalate'),
  manager_decision: (a) => ({ id: 'manager_decision', title: `IT-manager decision: route to ${a.tier_name}?`, button: 'Record decision', fields: [approveOrDecline, { name: 'reason', label: 'Reason', kind: 'textarea' }], toBody: decision }),
  client_approval: (a) => ({ id: 'client_approval', title: `Route your request to ${a.tier_name}?`, button: 'Approve or decline', submit: 'Send decision', fields: [{ ...approveOrDecline, label: 'Your decision' }, { name: 'reason', label: 'Reason', kind: 'textarea' }], toBody: decision }),
  resolve,
  qc_pass: () => ({ id: 'qc_pass', title: 'Quality control: pass', button: 'QC pass', fields: [{ name: 'notes', label: 'Notes', kind: 'textarea' }] }),
  qc_fail: () => reason('qc_fail', 'Quality control: fail', 'QC fail', 'What is wrong'),
  sign_off: signOff,
  reopen: (a, ctx) => reason('reopen', 'Reopen', 'Reopen', ctx.audience === 'staff' ? 'Reason' : 'What is still wrong'),
  amend: (a, ctx) => (ctx.audience === 'staff' ? amend(a, ctx) : null),
  triage: (a, ctx) => (ctx.audience === 'staff' ? triage(a) : null),
  questionnaire: (a, ctx) =>
    ctx.audience === 'staff' ? { id: 'questionnaire', title: 'Walk a questionnaire with the caller', button: 'Questionnaire', walk: a.questionnaires ?? [], fields: [] } : null,
  // The chain called up by phone: who to call and on which number, and what came of it.
  call: (a) => ({
    id: 'call', title: `Record a call to ${a.paged_name ?? a.paged}`, button: 'Record call',
    fields: [
      { name: 'outcome', label: a.paged_phone ? `Outcome of the call to ${a.paged_phone}` : 'Outcome of the call', kind: 'radio', required: true, options: (a.outcomes ?? []).map((o) => ({ value: o.value, label: o.label.replace(/^./, (c) => c.toUpperCase()) })) },
      { name: 'note', label: 'Note (what was said, which number)', kind: 'textarea' },
    ],
    toBody: (v) => ({ outcome: v.outcome, note: text(v.note) }),
  }),
  // Another team asked while the ticket stays here; its answer has a clock of its own.
  consult: (a) => ({
    id: 'consult', title: 'Ask another team', button: 'Consult',
    fields: [
      { name: 'team', label: 'Team', kind: 'select', required: true, value: a.teams?.[0]?.id, options: (a.teams ?? []).map((t) => ({ value: t.id, label: `${t.name} (answers within ${t.answer_within})` })) },
      { name: 'question', label: 'Question', kind: 'textarea', required: true, hint: 'The team’s chain is paged in turn until one of them answers; the ticket stays with you.' },
    ],
  }),
  consult_answer: (a) => ({
    id: 'consult_answer', title: 'Answer the consult', button: 'Answer consult',
    fields: [
      { name: 'team', label: 'For', kind: 'select', required: true, value: a.consults?.[0]?.team, options: (a.consults ?? []).map((c) => ({ value: c.team, label: `${c.team_name}: ${c.question}` })) },
      { name: 'answer', label: 'Answer', kind: 'textarea', required: true },
    ],
  }),
  // A client's note is what the portal sends as a reply; it offers client_reply for that.
  note: (a, ctx) =>
    ctx.audience === 'staff'
      ? {
          id: 'note', title: 'Add a note', button: 'Add note', attach: a.files,
          fields: [
            { name: 'text', label: 'Note', kind: 'textarea', required: true, insert: a.may_be_public ? 'client' : 'staff' },
            ...(a.may_be_public ? [{ name: 'public', label: 'Send to the client (otherwise internal)', kind: 'checkbox' } as FieldSpec] : []),
            ...(a.may_confirm_fix ? [{ name: 'confirms_fix', label: 'This confirms the fix works', kind: 'checkbox' } as FieldSpec] : []),
          ],
        }
      : null,
};

// The form of one action the core listed (none for a command this page does not know).
export function formFor(a: TicketAction, ctx: FormContext): ActionSpec | null {
  return forms[a.command]?.(a, ctx) ?? null;
}

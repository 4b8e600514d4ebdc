// Words for the codes the API speaks.
import type { ArticleAction, ArticleStatus, Category, HandOffCriterion, Stage } from './types';

export const stageLabels: Record<Stage, string> = {
  open: 'Open',
  pending_client: 'Waiting for client',
  awaiting_decision: 'Awaiting IT manager',
  awaiting_client_approval: 'Awaiting client approval',
  awaiting_qc: 'Quality control',
  awaiting_signoff: 'Awaiting sign-off',
  closed: 'Closed',
};

export const articleStatusLabels: Record<ArticleStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
  archived: 'Archived',
};

export const articleActionLabels: Record<ArticleAction, string> = {
  edit: 'Edit',
  submit: 'Submit for review',
  send_back: 'Send back',
  publish: 'Publish',
  archive: 'Archive',
  visibility: 'Change who reads it',
  subjects: 'Change what it is about',
};

export const criterionLabels: Record<HandOffCriterion, string> = {
  needs_deeper_knowledge: 'Needs deeper knowledge',
  potential_bug: 'Potential bug',
  code_change: 'Code change needed',
  performance: 'Performance problem',
  security: 'Security issue',
  onsite_required: 'Onsite visit required',
  unresolved_at_tier: 'Unresolved at this tier',
};

export const categoryLabels: Record<Category, string> = {
  incident: 'Incident',
  service_request: 'Service request',
  change_request: 'Change request',
  defect: 'Defect',
};

export const clockLabels: Record<string, string> = {
  handoff: 'Hand-off',
  response: 'First response',
  ack: 'Page acknowledgement',
  next_update: 'Next update',
  status_update: 'Status update',
  resolution: 'Resolution',
  hierarchy: 'Hierarchical escalation',
  signoff: 'Client sign-off',
  consult: 'Consult answer',
  consult_page: 'Consult page',
};

// A clock's name as words; a consult's clocks are named for their team ("consult:dba").
export function clockLabel(name: string): string {
  const colon = name.indexOf(':');
  if (colon < 0) return label(clockLabels, name);
  return `${label(clockLabels, name.slice(0, colon))} (${name.slice(colon + 1)})`;
}

// What became of a call to the person a page is with (the `called` event's outcome).
export const callOutcomeLabels: Record<string, string> = {
  reached_accepted: 'reached and accepted',
  no_answer: 'no answer',
  voicemail: 'voicemail left',
  declined: 'declined',
};

export function label(map: Record<string, string>, code: string): string {
  return map[code] ?? code.replace(/_/g, ' ');
}

// A field's key as words: "root_cause" → "Root cause".
export function fieldLabel(key: string): string {
  return key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

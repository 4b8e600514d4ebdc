// The shapes the API answers with (src/http/openapi.json; src/json/codec.cc writes them).

export type Priority = 'critical' | 'high' | 'medium' | 'low';

export interface TicketSummary {
  id: string;
  title: string;
  priority: Priority;
  tier: string;
  stage: string;
  assignee: string;
  client_id: string;
  received_at: string;
  updated_at: string;
  paged?: string; // staff lists: who is paged to acknowledge, or ''
  due?: string; // breaching-soon lists: the earliest running deadline
  clock?: string;
}

// A running clock (ended ones are in the timeline: clock_met, clock_breached, clock_stopped).
export interface Clock {
  name: string;
  calendar: string;
  due: string | null; // null while paused
  paused: boolean;
  remaining_business: string;
  breached: boolean;
}

export interface TimelineEntry {
  at: string;
  type: string;
  actor: string;
  credential?: string; // staff see how the actor signed in: "token …", "session …", "mail …"
  seq?: number; // staff: the event's place in the log
  client_sees: boolean; // the ticket's client is shown this event
  [key: string]: unknown;
}

// The page in flight: who on the asset's chain is asked to acknowledge.
export interface Page {
  asset: string;
  on_call: boolean;
  step: number;
  pass: number;
  person: string;
}

export interface Registration {
  title: string;
  caller_name: string;
  caller_email: string;
  caller_phone: string;
  requester_name: string;
  requester_email: string;
  notify: string[];
  institute: string;
  building: string;
  room: string;
  affected: string;
  assets: Record<string, string>;
  description: string;
  actions_attempted: string;
  error_messages: string;
  channel: string;
  client_id: string;
  organisation: string;
  occurred_at: string | null;
  first_time: boolean | null;
}

export interface Attachment {
  name: string;
  sha256: string;
  size?: number;
  content_type?: string;
  [key: string]: unknown;
}

// A tier a hand-off may go to (core/actions.h): a routed tier the ticket names no asset for
// lists the assets one must be chosen from.
export interface HandOffTarget {
  tier: string;
  name: string;
  gated: boolean;
  asset_kind: string;
  assets: { id: string; name: string }[];
}

// A command the reader may send now, as the core decides, with the choices its form offers.
export interface TicketAction {
  command: string;
  targets?: HandOffTarget[];
  criteria?: string[];
  statuses?: string[];
  priorities?: Priority[];
  resolution_fields?: string[];
  tier?: string;
  tier_name?: string;
  on_behalf_of_client?: boolean;
  channels?: string[];
  may_be_public?: boolean;
  files?: boolean;
}

export interface Ticket extends TicketSummary {
  registration: Registration;
  category: string;
  last_status: string | null;
  workaround: string;
  resolution: Record<string, string>;
  attachments: Attachment[];
  gate_tier: string;
  approval_for?: string; // awaiting the client's approval: the team it routes to
  hierarchy_level: number;
  page: Page | null;
  reopen_count: number;
  clocks: Clock[];
  timeline: TimelineEntry[]; // the latest events; older ones from timeline_cursor
  timeline_cursor: string | null;
  actions: TicketAction[];
}

export interface TicketList {
  tickets: TicketSummary[];
  next_cursor: string | null;
}

export interface Tier {
  id: string;
  name: string;
  calendar: string;
  routing: string;
  qc: boolean;
  handoff_to: string[];
  criteria: string[];
  after_hours_on_call: string[];
  clocks: {
    handoff: ClockRule | null;
    response: ClockRule | null;
    default_next_update: string;
    status_updates?: { every: string; calendar: string; priorities: string[] };
    resolution: { within: Record<string, string>; calendar: string; on_breach: string[] };
  };
}

export interface ClockRule {
  within: string;
  calendar: string;
  on_breach: string[];
}

export interface Calendar {
  name: string;
  always_open: boolean;
  week: Record<string, string[]>;
  next_holidays: string[];
}

export interface Person {
  id: string;
  name: string;
  email: string;
  phone: string;
  roles: string[];
  tiers: string[];
}

export interface ChainLink {
  person: string;
  ack_window: string;
}

export interface Asset {
  kind: string;
  id: string;
  name: string;
  forum: string;
  chain: ChainLink[];
  on_call: ChainLink[];
  repeat: number;
  calendar: string;
}

export interface Procedure {
  id: string;
  name: string;
  time_zone: string;
  tiers: Tier[];
  people: Person[];
  assets: Asset[];
  calendars: Calendar[];
  hierarchy: { calendar: string; steps: { role: string; after: Record<string, string> }[] };
  gates: { tier: string; decision_role: string; client_approval: boolean }[];
  closure: {
    client_signoff: boolean;
    remind_after: string;
    reminders: number;
    close_after_reminders: boolean;
    knowledge_base: boolean;
    staff_may_record_signoff: boolean;
    resolution_fields: string[];
  };
}

export interface Session {
  actor: string;
  kind: 'staff' | 'client';
  name: string;
  roles: string[];
  tiers: string[];
  client_id: string;
  csrf_token: string;
  administers: boolean; // applies procedures, manages everyone's tokens (the server decides)
}

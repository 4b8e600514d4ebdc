// The API's types, as generated from its document (src/http/openapi.json → api.gen.ts, at build
// time by `npm run types`). No request or response type is written by hand: a page that reads a
// member the document lacks fails svelte-check.
export type{Action as TicketAction, ApiToken, Attachment, AttachmentRef, BreachingTicket, Calendar, Client, ClientEntry, IntakeRules, Clock, DeadLetter, DryRun, Event as TimelineEntry, EventType, HandOffCriterion, Page, Presence, Procedure, ProcedureProblems, RefusedMail, Registration, Session, Stage, Ticket, StreamPresence, StreamTicketEvent, TicketSummary, Upload,} from './api.gen';

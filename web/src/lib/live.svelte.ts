// Live updates: one EventSource per tab on GET /api/v1/stream. Each event carries its place in
// the store's log as its id (for staff the sequence number, for clients an opaque token); the
// browser resends it as Last-Event-ID when it reconnects, and the server replays what was missed
// from the store (or says `resync` when too much was). Screens refetch what an event touches, so
// what they show is always what the API answers now.
import { api } from './api';
import type { StreamPresence, StreamTicketEvent } from './types';

// The frames' data as the API document describes them (x-events of GET /api/v1/stream).
export type TicketEvent = StreamTicketEvent;
export type PresenceEvent = StreamPresence;

type Listener<T> = (event: T) => void;

class Live {
  status = $state<'off' | 'connecting' | 'live' | 'reconnecting'>('off');
  lastSeq = $state(0);
  private lastId = ''; // the id of the last event received: where a new stream resumes
  // Who of the staff is on which ticket: ref → actor → their latest presence. Kept here, not by
  // each page, because the server sends everyone present when the stream opens, before a page
  // that shows them may be mounted.
  presence = $state.raw<Record<string, Record<string, PresenceEvent>>>({});
  private source: EventSource | null = null;
  private ticketListeners = new Set<Listener<TicketEvent>>();
  private resyncListeners = new Set<() => void>();
  private retry: ReturnType<typeof setTimeout> | undefined;

  start(): void {
    if (this.source) return;
    this.status = this.lastId ? 'reconnecting' : 'connecting';
    // A new EventSource cannot set Last-Event-ID itself: after a hard failure, say where we were.
    const url = this.lastId ? `/api/v1/stream?since=${encodeURIComponent(this.lastId)}` : '/api/v1/stream';
    const source = new EventSource(url, { withCredentials: true });
    this.source = source;
    source.onopen = () => (this.status = 'live');
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // Refused (signed out, server restarting): try again ourselves, a little later.
        this.stop();
        this.status = 'reconnecting';
        this.retry = setTimeout(() => this.start(), 3000);
      } else {
        this.status = 'reconnecting'; // the browser retries with Last-Event-ID
      }
    };
    source.addEventListener('ticket', (e) => {
      const event = JSON.parse((e as MessageEvent).data) as TicketEvent;
      if (event.seq !== undefined && event.seq <= this.lastSeq) return; // never apply one twice
      if (event.seq !== undefined) this.lastSeq = event.seq;
      this.lastId = (e as MessageEvent).lastEventId;
      for (const l of this.ticketListeners) l(event);
    });
    source.addEventListener('presence', (e) => {
      const event = JSON.parse((e as MessageEvent).data) as PresenceEvent;
      const onTicket = { ...this.presence[event.ref] };
      if (event.state === 'gone') delete onTicket[event.actor];
      else onTicket[event.actor] = event;
      this.presence = { ...this.presence, [event.ref]: onTicket };
    });
    // The session ended (signed out in another tab, expired) or the token was revoked: ask who
    // we are; a 401 there takes the page to the sign-in form, otherwise the stream resumes.
    source.addEventListener('signed_out', () => {
      this.stop();
      api.GET('/api/v1/session').then(
        () => this.start(),
        () => {},
      );
    });
    source.addEventListener('resync', (e) => {
      const data = JSON.parse((e as MessageEvent).data) as Pick<TicketEvent, 'seq'>; // the head, for staff
      if (data.seq !== undefined) this.lastSeq = data.seq;
      this.lastId = (e as MessageEvent).lastEventId;
      for (const l of this.resyncListeners) l();
    });
  }

  stop(): void {
    clearTimeout(this.retry);
    this.source?.close();
    this.source = null;
    this.status = 'off';
    this.presence = {}; // a new stream sends everyone present again
  }

  // Who other than `me` is on ticket `ref` at `nowMs` (a presence lapses at its expiry even if
  // its `gone` is late).
  here(ref: string, me: string, nowMs: number): PresenceEvent[] {
    return Object.values(this.presence[ref] ?? {}).filter((p) => p.actor !== me && Date.parse(p.expires) > nowMs);
  }

  onTicket(listener: Listener<TicketEvent>): () => void {
    this.ticketListeners.add(listener);
    return () => this.ticketListeners.delete(listener);
  }

  // Too much was missed to replay: refetch everything shown.
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }
}

export const live = new Live();

// Calls `fn` at once on the first call, then at most once per `ms` (one more call at the end of
// a burst): a busy desk's many events cost each open page a refetch or two per `ms`, and the
// first change still shows without waiting.
export function throttle(fn: () => void, ms: number): () => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    const wait = last + ms - performance.now();
    if (wait <= 0 && timer === undefined) {
      last = performance.now();
      fn();
    } else if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        last = performance.now();
        fn();
      }, Math.max(wait, 0));
    }
  };
}

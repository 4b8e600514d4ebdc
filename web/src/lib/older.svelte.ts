// The events of a ticket older than the page the ticket view carries, loaded on request from
// GET /api/v1/tickets/{ref}/timeline, a page at a time.
import { api, ok } from './api';
import type { TimelineEntry } from './types';

export class OlderEvents {
  events = $state.raw<TimelineEntry[]>([]);
  cursor = $state<string | null>(null);

  // The ticket was read again: start over from its timeline_cursor.
  reset(cursor: string | null): void {
    this.events = [];
    this.cursor = cursor;
  }

  async more(ref: string): Promise<void> {
    if (!this.cursor) return;
    const page = await ok(api.GET('/api/v1/tickets/{ref}/timeline', { params: { path: { ref }, query: { before: this.cursor } } }));
    this.events = [...page.events, ...this.events];
    this.cursor = page.next_cursor;
  }
}

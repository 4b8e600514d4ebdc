// One thing a page shows from the API, kept current: loaded when the page asks, loaded again
// when the live stream says it changed (at most every 100 ms: a busy desk's many events cost a
// refetch or two), and only the latest request's answer is shown, so a slow earlier answer never
// overwrites a newer one.
import { untrack } from 'svelte';
import { ApiError } from './api';
import { live, throttle, type TicketEvent } from './live.svelte';

export interface Options<T> {
  // Whether a ticket event changes what is shown (every one does unless this says otherwise);
  // a resync always does.
  stale?: (event: TicketEvent) => boolean;
  // Called with each answer as it is shown, for state the page keeps beside it.
  loaded?: (data: T) => void;
}

// Create it in a component's script: it follows the stream while the component is mounted.
export class Resource<T> {
  data = $state.raw<T | undefined>(undefined); // replaced whole by each answer, never mutated
  loading = $state(false);
  error = $state('');
  notFound = $state(false); // the API said 404: not there, or not the reader's
  private readonly read: () => Promise<T>;
  private readonly options: Options<T>;
  private asked = 0; // loads asked for; an answer is shown only if it is the latest one's

  constructor(read: () => Promise<T>, options: Options<T> = {}) {
    this.read = read;
    this.options = options;
    $effect(() => {
      // Nothing to refresh before the page first asks (the console waits to know its queue).
      const refresh = throttle(() => {
        if (this.asked) void this.load();
      }, 100);
      const offTicket = live.onTicket((e) => {
        if (options.stale?.(e) ?? true) refresh();
      });
      const offResync = live.onResync(refresh);
      return () => {
        offTicket();
        offResync();
      };
    });
  }

  // Loads it now, with `read` for this once if given (a further page); a load still in flight is
  // superseded. Untracked: an effect that asks for a load does not depend on what the load reads.
  load(read: () => Promise<T> = this.read): Promise<void> {
    return untrack(() => this.answer(++this.asked, read()));
  }

  private async answer(mine: number, pending: Promise<T>): Promise<void> {
    this.loading = true;
    try {
      const data = await pending;
      if (mine !== this.asked) return;
      this.data = data;
      this.error = '';
      this.notFound = false;
      this.options.loaded?.(data);
    } catch (e) {
      if (mine !== this.asked) return;
      // A 404 is an answer: what was shown is gone (or was never the reader's).
      if (e instanceof ApiError && e.status === 404) {
        this.notFound = true;
        this.data = undefined;
      } else this.error = (e as Error).message;
    } finally {
      if (mine === this.asked) this.loading = false;
    }
  }
}

// Time as the server sees it. Clocks count down to instants the engine computed; a sandbox's
// engine may run on a virtual clock, so the page keeps the offset between the server's "now"
// and the browser's and ticks once a second.
import { get } from './api';

class Now {
  offsetMs = $state(0);
  value = $state(Date.now());
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => (this.value = Date.now() + this.offsetMs), 1000);
    void this.sync();
  }

  async sync(): Promise<void> {
    try {
      const before = Date.now();
      const clock = await get<{ now: string; simulated: boolean }>('/api/v1/clock');
      const after = Date.now();
      this.offsetMs = Date.parse(clock.now) - (before + after) / 2;
      this.value = Date.now() + this.offsetMs;
    } catch {
      // keep the browser's clock
    }
  }
}

export const now = new Now();

// "3h 05m", "4m 10s", "45s"
export function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

// A time as the server wrote it (RFC 3339 with the procedure's offset), shown in that zone's
// wall time: the SOP's hours are the desk's, not the browser's.
export function formatAt(rfc3339: string | null | undefined): string {
  if (!rfc3339) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]}` : rfc3339;
}

export function formatTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return '—';
  const m = /T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? m[1]! : rfc3339;
}

// A UTC instant (as the live stream gives it) written with the desk's offset from `offsetLike`
// (a time the server wrote), as the API writes its times.
export function inOffsetOf(utc: string, offsetLike: string): string {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(offsetLike);
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const shifted = new Date(Date.parse(utc) + minutes * 60000).toISOString().slice(0, 19);
  return offset ? `${shifted}${offset[0]}` : `${shifted}Z`;
}

// For <input type="datetime-local">: the desk's offset kept from the server's "now".
export function toRfc3339(local: string, offsetLike: string): string {
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(offsetLike)?.[1] ?? 'Z';
  return local.length === 16 ? `${local}:00${offset}` : `${local}${offset}`;
}

// "UTC+05:30" for a time the server wrote with that offset ("UTC" for Z).
export function zoneLabel(rfc3339: string): string {
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(rfc3339)?.[1] ?? 'Z';
  return offset === 'Z' ? 'UTC' : `UTC${offset}`;
}

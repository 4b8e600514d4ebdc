// Time as the server sees it. Clocks count down to instants the engine computed; a sandbox's
// engine may run on a virtual clock, so the page keeps the offset between the server's "now"
// and the browser's and ticks once a second.
import { api, ok } from './api';

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
      const clock = await ok(api.GET('/api/v1/clock'));
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

// Times are shown in the viewer's own zone, named ("2026-12-07 11:50 UTC+1"), so a viewer
// elsewhere than the desk can tell when something happens. The server writes them with the desk's
// offset (RFC 3339); a deadline also says the desk's time when the two differ (formatDeadline).
function parts(ms: number, timeZone?: string): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23', timeZoneName: 'shortOffset',
  });
  return Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

// "GMT+5:30" as Intl names an offset → "UTC+5:30"; "GMT" → "UTC".
const utcName = (zone: string | undefined) => (zone ?? '').replace(/^GMT/, 'UTC');

export function formatAt(rfc3339: string | null | undefined): string {
  if (!rfc3339) return '—';
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${utcName(p.timeZoneName)}`;
}

// A deadline: the viewer's time, and the desk's wall time beside it when the desk's offset (the
// one the server wrote) differs from the viewer's at that instant.
export function formatDeadline(rfc3339: string | null | undefined): string {
  const mine = formatAt(rfc3339);
  const desk = /T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/.exec(rfc3339 ?? '');
  if (!rfc3339 || !desk) return mine;
  const deskOffset = desk[2] === 'Z' ? 0 : (desk[2]![0] === '-' ? -1 : 1) * (Number(desk[2]!.slice(1, 3)) * 60 + Number(desk[2]!.slice(4, 6)));
  const viewerOffset = -new Date(Date.parse(rfc3339)).getTimezoneOffset();
  return deskOffset === viewerOffset ? mine : `${mine} (${desk[1]} desk time, ${zoneLabel(rfc3339)})`;
}

// The viewer's zone as formatAt names it, now: "UTC+1".
export function viewerZone(): string {
  return utcName(parts(Date.now()).timeZoneName);
}

// A UTC instant (as the live stream gives it) written with the desk's offset from `offsetLike`
// (a time the server wrote), as the API writes its times.
export function inOffsetOf(utc: string, offsetLike: string): string {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(offsetLike);
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const shifted = new Date(Date.parse(utc) + minutes * 60000).toISOString().slice(0, 19);
  return offset ? `${shifted}${offset[0]}` : `${shifted}Z`;
}

// For <input type="datetime-local">: the viewer types their own wall time (the form says in
// which zone); sent as the instant it names.
export function toRfc3339(local: string): string {
  return new Date(local).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// "UTC+05:30" for a time the server wrote with that offset ("UTC" for Z).
export function zoneLabel(rfc3339: string): string {
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(rfc3339)?.[1] ?? 'Z';
  return offset === 'Z' ? 'UTC' : `UTC${offset}`;
}

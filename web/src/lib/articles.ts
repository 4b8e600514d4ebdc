// Changes to a knowledge-base article as the pages send them: each POSTed to the action's path
// with the revision the page showed as If-Match, so a change decided on an outdated view is
// refused (409) rather than applied over someone else's.
import { api, ok, type BodyOf } from './api';
import type { Article, ArticleAction, ArticleVisibility, Ticket } from './types';

export type ArticleChange<A extends ArticleAction> = BodyOf<`/api/v1/articles/{ref}/${A}`>;

export function changeArticle<A extends ArticleAction>(article: Article, action: A, body: ArticleChange<A>): Promise<Article> {
  const path = `/api/v1/articles/{ref}/${action}` as `/api/v1/articles/{ref}/${ArticleAction}`;
  return ok(
    api.POST(path, {
      params: { path: { ref: article.id }, header: { 'If-Match': `"${article.revision}"` } },
      body: body as never,
    }),
  ) as Promise<Article>;
}

// "Staff only", "All clients" or the named clients and organisations.
export function audienceOf(v: ArticleVisibility | null): string {
  if (!v) return '';
  if (v.audience === 'internal') return 'Staff only';
  if (v.audience === 'all_clients') return 'All clients';
  const named = [...v.clients, ...v.organisations];
  return named.length ? `Named: ${named.join(', ')}` : 'Named clients (none named yet)';
}

// Who reads it, as the visibility form's fields hold it (lists typed with commas).
export function visibilityOf(audience: ArticleVisibility['audience'], clients: string, organisations: string): ArticleVisibility {
  return { audience, clients: listOf(clients), organisations: listOf(organisations) };
}

// A comma- or newline-separated list as typed, as its trimmed non-empty items.
export function listOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// A draft written from a resolved ticket (the closure's knowledge-base task): the request as the
// client put it, what was found, the fix in the resolution's own fields, and the workaround.
export interface DraftFrom {
  title: string;
  body: string;
  assets: string[];
  tickets: string[];
}

export function draftFromTicket(t: Ticket, fieldName: (key: string) => string): DraftFrom {
  const section = (heading: string, text: string | undefined) => (text?.trim() ? `## ${heading}\n\n${text.trim()}\n\n` : '');
  const { summary, known_fix: _fix, root_cause: cause, ...fields } = t.resolution;
  const fix = [summary ?? '', ...Object.entries(fields).filter(([, v]) => v.trim()).map(([k, v]) => `**${fieldName(k)}:** ${v.trim()}`)]
    .filter(Boolean)
    .join('\n\n');
  const body =
    section('Symptom', [t.registration.description, t.registration.error_messages && `Error: \`${t.registration.error_messages}\``].filter(Boolean).join('\n\n')) +
    section('What was found', t.findings) +
    section('Cause', cause) +
    section('Fix', fix) +
    section('Workaround', t.workaround);
  return {
    title: t.title,
    body: body.trim() || t.title,
    assets: Object.entries(t.registration.assets).map(([kind, id]) => `${kind}:${id}`),
    tickets: [t.id],
  };
}

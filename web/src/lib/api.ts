// The REST API as the pages use it: one openapi-fetch client typed by the API's document
// (api.gen.ts), so a path, a parameter or a body the document lacks fails svelte-check. Its
// middleware adds what every call needs: the session cookie for credentials, the CSRF token on
// every write, an idempotency key per user action so that a retried or double-clicked write never
// acts twice (the server answers a replay with the first result), and an ApiError for a refusal.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api.gen';
import type { AttachmentRef, Upload } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string = '',
  ) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// What the caller should do when the session is gone (the login page).
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

// A refusal as the server words it ({error: {code, message, field}}), else by its status.
async function errorOf(response: Response): Promise<ApiError> {
  try {
    const { error } = (await response.json()) as Partial<components['schemas']['Error']>;
    if (error) return new ApiError(response.status, error.code, error.message, error.field);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, 'http_' + response.status, response.statusText);
}

const everyCall: Middleware = {
  onRequest({ request }) {
    if (request.method === 'GET') return;
    if (csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    // A write the user may retry carries the key of its action (params.header); any other write
    // is an action of its own.
    if (!request.headers.has('Idempotency-Key')) request.headers.set('Idempotency-Key', newIdempotencyKey());
  },
  async onResponse({ schemaPath, response }) {
    if (response.status === 401 && schemaPath !== '/api/v1/login') onUnauthenticated();
    if (!response.ok) throw await errorOf(response);
  },
  onError() {
    return new ApiError(0, 'network', 'tierdesk cannot be reached; your action was kept and can be sent again');
  },
};

export const api = createClient<paths, 'application/json'>({ credentials: 'same-origin', headers: { Accept: 'application/json' } });
api.use(everyCall);

// The body of an answer. The middleware has thrown every refusal, so an answer that gets here
// carries the body its path's document gives a success.
export async function ok<Answer extends { data?: unknown }>(answer: Promise<Answer>): Promise<NonNullable<Answer['data']>> {
  return (await answer).data as NonNullable<Answer['data']>;
}

// A body sent as it is (a procedure file, a file's bytes) with its media type, not as JSON.
export function sentAs(type: string) {
  return { bodySerializer: (body: unknown) => body, headers: { 'Content-Type': type } };
}

// What a path's GET takes as its query, and what its POST takes as a JSON body.
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;
type JsonBody<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
export type BodyOf<P extends keyof paths> = JsonBody<paths[P]['post']>;

// A command on a ticket, as the core lists it in ticket.actions, and the body it takes.
export type Command = components['schemas']['Action']['command'];
export type CommandBody = BodyOf<`/api/v1/tickets/{ref}/${Command}`>;

// The file types the server takes (POST /api/v1/uploads) and the largest it takes by default.
export const uploadTypes: string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] satisfies Upload['content_type'][];
export const maxUploadBytes = 10 << 20;

// A file's media type: the browser's, or text/plain for a log it does not know (.log, .out).
export function uploadTypeOf(file: File): string {
  if (file.type) return file.type;
  return /\.(log|txt|out|csv)$/i.test(file.name) ? 'text/plain' : '';
}

// Stores a file on the server, to be named by the command that attaches it.
export function uploadFile(file: File): Promise<Upload> {
  return ok(
    api.POST('/api/v1/uploads', {
      params: { query: { name: file.name } },
      // The document's binary body (format: binary) is typed as a string; the bytes go as the File.
      body: file as unknown as string,
      ...sentAs(uploadTypeOf(file)),
    }),
  );
}

// The files as a command's `attachments` names them.
export function attachmentsOf(files: Upload[]): AttachmentRef[] {
  return files.map(({ sha256, name, content_type }) => ({ sha256, name, content_type }));
}

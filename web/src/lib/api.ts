// The REST API as the pages use it: JSON in and out, the session cookie for credentials, the
// CSRF token on every write, and an idempotency key per user action so that a retried or
// double-clicked write never acts twice (the server answers a replay with the first result).

import type { ErrorDetail, Upload } from './types';

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

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: ErrorDetail };
    if (body.error)
      return new ApiError(response.status, body.error.code, body.error.message, body.error.field);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, 'http_' + response.status, response.statusText);
}

async function send<T>(method: string, path: string, body?: unknown, key?: string, type = 'application/json'): Promise<T> {
  // JSON is serialised here; a file or a text goes as it is.
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = type;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (key) headers['Idempotency-Key'] = key;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body instanceof Blob ? body : String(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'tierdesk cannot be reached; your action was kept and can be sent again');
  }
  if (response.status === 401 && path !== '/api/v1/login') onUnauthenticated();
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

export function get<T>(path: string): Promise<T> {
  return send<T>('GET', path);
}

// A write. Pass the same `key` when the user retries the same action.
export function post<T>(path: string, body: unknown, key: string = newIdempotencyKey()): Promise<T> {
  return send<T>('POST', path, body, key);
}

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

// A write whose body is a text file (a procedure file: application/toml).
export function postText<T>(path: string, text: string, type: string): Promise<T> {
  return send<T>('POST', path, text, newIdempotencyKey(), type);
}

// What a command names to attach a file uploaded before it: the upload as the server kept it.
export type FileRef = Upload;

// The file types the server takes (POST /api/v1/uploads) and the largest it takes by default.
export const uploadTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'];
export const maxUploadBytes = 10 << 20;

// A file's media type: the browser's, or text/plain for a log it does not know (.log, .out).
export function uploadTypeOf(file: File): string {
  if (file.type) return file.type;
  return /\.(log|txt|out|csv)$/i.test(file.name) ? 'text/plain' : '';
}

// Stores a file on the server, to be named by the command that attaches it.
export function uploadFile(file: File): Promise<FileRef> {
  return send<FileRef>('POST', '/api/v1/uploads' + query({ name: file.name }), file, newIdempotencyKey(), uploadTypeOf(file));
}

// The files as a command's `attachments` names them.
export function attachmentsOf(files: FileRef[]): Omit<FileRef, 'size'>[] {
  return files.map(({ sha256, name, content_type }) => ({ sha256, name, content_type }));
}

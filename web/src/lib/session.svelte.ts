import { ApiError, api, ok, setCsrfToken, setUnauthenticatedHandler } from './api';
import type { Session } from './types';

// Who is signed in. The session cookie is HttpOnly; the page learns who it is and its CSRF
// token from GET /api/v1/session, so a reload or a new tab keeps working.
class SessionState {
  current = $state<Session | null>(null);
  checked = $state(false);

  get isStaff(): boolean {
    return this.current?.kind === 'staff';
  }
  get administers(): boolean {
    return this.current?.administers ?? false;
  }

  async load(): Promise<void> {
    try {
      this.set(await ok(api.GET('/api/v1/session')));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      this.set(null);
    } finally {
      this.checked = true;
    }
  }

  async logIn(login: string, password: string): Promise<void> {
    await api.POST('/api/v1/login', { body: { login, password } });
    await this.load();
  }

  async logOut(): Promise<void> {
    try {
      await api.POST('/api/v1/logout');
    } finally {
      this.set(null);
    }
  }

  private set(s: Session | null): void {
    this.current = s;
    setCsrfToken(s?.csrf_token ?? '');
  }

  expire(): void {
    this.set(null);
  }
}

export const session = new SessionState();
setUnauthenticatedHandler(() => session.expire());

import { api, ok } from './api';
import type { Procedure } from './types';

// The procedure in force, fetched once per sign-in (staff only); reloaded on demand after an
// admin reloads the procedure file.
class ProcedureState {
  value = $state.raw<Procedure | null>(null); // replaced whole on a reload, never mutated
  private pending: Promise<Procedure> | null = null;

  load(force = false): Promise<Procedure> {
    if (this.value && !force) return Promise.resolve(this.value);
    if (!this.pending || force)
      this.pending = ok(api.GET('/api/v1/procedure')).then((p) => (this.value = p));
    return this.pending;
  }

  // How to reach someone by phone, as the procedure lists them ('' when it gives no number).
  personPhone(id: string): string {
    return this.value?.people.find((p) => p.id === id)?.phone ?? '';
  }

  teamName(id: string): string {
    return this.value?.consult_teams.find((t) => t.id === id)?.name ?? id;
  }

  personName(id: string): string {
    if (!id) return '';
    return this.value?.people.find((p) => p.id === id)?.name ?? id;
  }
}

export const procedure = new ProcedureState();

import type { Procedure } from './types';

// The tiers a ticket at `tierId` may be handed to, in preference order. A procedure file may
// leave `handoff_to` out: the core then hands off to the next tier of the ladder (seed 004
// climbs Tier 1 → Tier 2 → Tier 3 → Onsite → NOC that way), so the pages must offer it too.
export function handoffTargets(proc: Procedure, tierId: string): string[] {
  const index = proc.tiers.findIndex((t) => t.id === tierId);
  if (index < 0) return [];
  const named = proc.tiers[index]!.handoff_to;
  if (named.length) return named;
  const next = proc.tiers[index + 1];
  return next ? [next.id] : [];
}

// Whether a ticket at hierarchy level `level` can still be escalated: the core refuses an
// escalation past the procedure's last level, and a procedure without levels has none.
export function canEscalate(proc: Procedure, level: number): boolean {
  return level + 1 < proc.hierarchy.steps.length;
}

// Trusting a card whose role, name or delegation differs from the card already trusted for its
// key (docs/trust.md, "Changed cards"): each kind of change needs its own confirmation.

import type { CardView, TrustAccept } from './syncTypes';

/** Which confirmations a card needs beyond the fingerprint. */
export interface NeededConfirmations {
  /** Its role differs: a separate, explicit confirmation (a secretariat vouches for others). */
  role: boolean;
  /** Its name or delegation differs. */
  name: boolean;
}

export function neededConfirmations(v: CardView): NeededConfirmations {
  const changes = v.changes ?? [];
  return {
    role: changes.some((c) => c.field === 'role'),
    name: changes.some((c) => c.field === 'name' || c.field === 'delegation'),
  };
}

/** What the person ticked, as the backend's TrustAccept: only the confirmations asked for. */
export function acceptOf(v: CardView, role: boolean, name: boolean): TrustAccept {
  const need = neededConfirmations(v);
  return { role_change: need.role && role, name_change: need.name && name };
}

/** Whether the Trust button may be pressed: the fingerprint and every needed change confirmed. */
export function canTrust(v: CardView, fingerprint: boolean, role: boolean, name: boolean): boolean {
  if (v.trust === 'self' || v.trust === 'conflict' || !fingerprint) return false;
  const need = neededConfirmations(v);
  return (!need.role || role) && (!need.name || name);
}

import { describe, expect, it } from 'vitest';
import { acceptOf, canTrust, neededConfirmations } from './trust';
import type { CardChange, CardView } from './syncTypes';
import { en } from './i18n/en';
import { fr } from './i18n/fr';

const card = (over: Partial<CardView> = {}): CardView => ({
  key_id: '56475AA75463474C',
  name: 'A. Benali',
  role: 'secretariat',
  delegation: 'Morocco',
  fingerprint: '53397 98196 06644 87077 14907 94250 50554 14005',
  created_at: '2026-03-01T09:30:00Z',
  trust: 'trusted',
  ...over,
});

describe('changed cards', () => {
  const promoted = card({ changes: [{ field: 'role', old: 'delegate', new: 'secretariat' }] });
  const renamed = card({ changes: [{ field: 'delegation', old: 'Maroc', new: 'Morocco' }] });
  const both = card({ changes: [{ field: 'role', old: 'delegate', new: 'secretariat' }, { field: 'name', old: 'Amina', new: 'A. Benali' }] });

  it('a new card needs the fingerprint only', () => {
    const v = card({ trust: 'unknown' });
    expect(neededConfirmations(v)).toEqual({ role: false, name: false });
    expect(canTrust(v, false, false, false)).toBe(false);
    expect(canTrust(v, true, false, false)).toBe(true);
    expect(acceptOf(v, true, true)).toEqual({ role_change: false, name_change: false });
  });

  it('a self-promoted card needs the role change confirmed on its own', () => {
    expect(neededConfirmations(promoted)).toEqual({ role: true, name: false });
    expect(canTrust(promoted, true, false, false)).toBe(false);
    expect(canTrust(promoted, true, false, true)).toBe(false);
    expect(canTrust(promoted, false, true, false)).toBe(false);
    expect(canTrust(promoted, true, true, false)).toBe(true);
    expect(acceptOf(promoted, true, true)).toEqual({ role_change: true, name_change: false });
  });

  it('a name or delegation change needs its own confirmation, not the role one', () => {
    expect(neededConfirmations(renamed)).toEqual({ role: false, name: true });
    expect(canTrust(renamed, true, true, false)).toBe(false);
    expect(canTrust(renamed, true, false, true)).toBe(true);
    expect(acceptOf(renamed, false, true)).toEqual({ role_change: false, name_change: true });
  });

  it('both changed: both confirmations', () => {
    expect(canTrust(both, true, true, false)).toBe(false);
    expect(canTrust(both, true, false, true)).toBe(false);
    expect(canTrust(both, true, true, true)).toBe(true);
    expect(acceptOf(both, true, false)).toEqual({ role_change: true, name_change: false });
  });

  it('never for this installation or conflicting cards', () => {
    expect(canTrust(card({ trust: 'self' }), true, true, true)).toBe(false);
    expect(canTrust(card({ trust: 'conflict' }), true, true, true)).toBe(false);
  });
});

describe('words for changed cards', () => {
  it('every field a change can name has a label in both languages', () => {
    const fields: CardChange['field'][] = ['role', 'name', 'delegation'];
    for (const f of fields) {
      expect(`trust.change.${f}` in en, f).toBe(true);
      expect(`trust.change.${f}` in fr, f).toBe(true);
    }
  });

  it('the role confirmation names the old and the new role', () => {
    expect(en['trust.confirm_role']).toContain('{old}');
    expect(en['trust.confirm_role']).toContain('{new}');
    expect(fr['trust.confirm_role']).toContain('{old}');
  });
});

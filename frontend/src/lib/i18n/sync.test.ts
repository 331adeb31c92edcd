import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';

// Labels the Sync, trust and brief screens look up by a value from the backend.
describe('labels of backend values', () => {
  const has = (k: string) => k in en && k in fr;

  it('every trust state, import state and refusal has words in both languages', () => {
    for (const s of ['self', 'trusted', 'revoked', 'unknown', 'conflict']) expect(has(`trust.state.${s}`), s).toBe(true);
    for (const s of ['waiting', 'running', 'imported', 'nothing_new', 'refused', 'failed', 'cancelled']) expect(has(`sync.file.${s}`), s).toBe(true);
    const problems = ['not_bundle', 'version', 'damaged', 'limit', 'not_recipient', 'need_key', 'malformed', 'missing_changes', 'unknown_author', 'trust_conflict',
      'revoked_author', 'bad_signature', 'fork', 'bad_trust_statement', 'failed', 'invalid_change', 'clock_ahead', 'needs_update'];
    for (const p of problems) {
      expect(has(`sync.problem.${p}`), p).toBe(true);
      expect(has(`sync.todo.${p}`), p).toBe(true);
    }
  });

  it('names the screens as the navigation does', () => {
    expect(fr['nav.brief']).toBe('Fiche pays');
    expect(fr['brief.talking_points']).toBe('Éléments de langage');
    expect(en['trust.confirm']).toBe('The fingerprint matches what they read to me');
  });
});

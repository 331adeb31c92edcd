import { describe, expect, it } from 'vitest';
import { claimedAs, refusal } from './refusal';
import { en } from './i18n/en';
import { fr } from './i18n/fr';

const tr = (cat: Record<string, string>) => (key: string, fallback: string) => cat[key] ?? fallback;
const raw = 'not a Dossier bundle: it does not start like one; was it made by `dossier export`? (at byte 0)';

describe('refusal', () => {
  it('puts the words first and folds the developer text into the detail', () => {
    for (const cat of [en, fr] as Record<string, string>[]) {
      const r = refusal('not_bundle', raw, tr(cat));
      expect(r.title).toBe(cat['sync.problem.not_bundle']);
      expect(r.todo).toBe(cat['sync.todo.not_bundle']);
      expect(r.title + r.todo).not.toMatch(/byte|`|not_bundle|\(at /);
      expect(r.detail).toBe(`${raw} [not_bundle]`);
    }
  });
  it('gives every problem code a title and a what-to-do in both languages', () => {
    const codes = Object.keys(en)
      .filter((k) => k.startsWith('sync.problem.'))
      .map((k) => k.slice('sync.problem.'.length));
    expect(codes.length).toBeGreaterThan(10);
    for (const cat of [en, fr] as Record<string, string>[]) {
      for (const c of codes) {
        const r = refusal(c, 'x', tr(cat));
        expect(r.title, c).toBe(cat[`sync.problem.${c}`]);
        expect(r.todo, c).toBe(cat[`sync.todo.${c}`]);
      }
    }
  });
  it('an unknown code or none still reads as words, the code only in the detail', () => {
    const r = refusal('from_the_future', 'something new', tr(fr as Record<string, string>));
    expect(r.title).toBe((fr as Record<string, string>)['sync.problem.unknown']);
    expect(r.todo).toBe((fr as Record<string, string>)['sync.todo.unknown']);
    expect(r.detail).toBe('something new [from_the_future]');
    expect(refusal(undefined, undefined, tr(en as Record<string, string>))).toEqual({
      title: (en as Record<string, string>)['sync.problem.unknown'],
      todo: (en as Record<string, string>)['sync.todo.unknown'],
      detail: '',
    });
  });
});

describe('claimedAs', () => {
  const label = (r: string) => ({ delegate: 'Delegate', secretariat: 'Secretariat' })[r] ?? r;
  it('says the role a card claims when it names no delegation', () => {
    expect(claimedAs({ role: 'delegate', delegation: '' }, label)).toBe('Delegate');
  });
  it('says the role and the delegation when the card gives both', () => {
    expect(claimedAs({ role: 'secretariat', delegation: ' EU delegation to Tunisia ' }, label)).toBe('Secretariat, EU delegation to Tunisia');
  });
  it('keeps the dash only for a card that says neither', () => {
    expect(claimedAs({ role: '', delegation: '' }, label)).toBe('—');
  });
});

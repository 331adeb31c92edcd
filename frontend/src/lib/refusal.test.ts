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

describe('refusal of an unknown author, by the role of this installation', () => {
  it('tells a delegate of the secretariat’s bundle, and a secretariat, which introduces delegates, to trust the card', () => {
    for (const cat of [en, fr] as Record<string, string>[]) {
      const delegate = refusal('unknown_author', 'x', tr(cat), 'delegate');
      expect(delegate.todo).toBe(cat['sync.todo.unknown_author']);
      expect(delegate.todo).toMatch(/secretariat’s bundle|paquet du secrétariat/);
      const secretariat = refusal('unknown_author', 'x', tr(cat), 'secretariat');
      expect(secretariat.todo).not.toMatch(/secretariat’s bundle|paquet du secrétariat/);
      expect(secretariat.todo).toMatch(/Identity & trust|« Identité et confiance »/);
      expect(secretariat.title).toBe(delegate.title);
    }
    expect(refusal('unknown_author', 'x', tr(en as Record<string, string>), 'secretariat').todo).toBe(
      'Ask them for their identity card, compare the fingerprint with them in person or by phone, and trust the card in Identity & trust; then import this bundle again.',
    );
  });
});

describe('refusal of two keys under one key id', () => {
  it('gives the secretariat the procedure and a delegate the secretariat to tell, never an unknown author’s advice', () => {
    for (const cat of [en, fr] as Record<string, string>[]) {
      const secretariat = refusal('trust_conflict', 'x', tr(cat), 'secretariat');
      const delegate = refusal('trust_conflict', 'x', tr(cat), 'delegate');
      expect(secretariat.title).toBe(cat['sync.problem.trust_conflict']);
      expect(secretariat.todo).toBe(cat['sync.todo.trust_conflict.secretariat']);
      expect(delegate.todo).toBe(cat['sync.todo.trust_conflict']);
      for (const todo of [secretariat.todo, delegate.todo]) {
        expect(todo).not.toBe(cat['sync.todo.unknown_author']);
        expect(todo).not.toBe(cat['sync.todo.unknown_author.secretariat']);
      }
      // Which card is theirs: the fingerprint they read from their own screen; then a new identity.
      expect(secretariat.todo).toMatch(/fingerprint on their own Identity & trust screen|empreinte affichée sur son propre écran/);
      expect(secretariat.todo).toMatch(/new identity|nouvelle identité/);
    }
  });

  it('keeps the problem’s words for a refusal with a case of its own', () => {
    const cat = en as Record<string, string>;
    expect(refusal('missing_changes', 'x', tr(cat), 'secretariat', 'cycle').todo).toBe(cat['sync.todo.missing_changes']);
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

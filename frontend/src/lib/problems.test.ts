import { describe, expect, it } from 'vitest';
import { monthName, problemText, wordedFields } from './problems';
import { refusalLines, spanText, type RefusalWords } from './refusal';
import { en } from './i18n/en';
import { fr } from './i18n/fr';
import { interpolate } from './i18n/index.svelte';

describe('problemText', () => {
  it('writes a file limit in the reader’s units, from its bytes', () => {
    const p = { code: 'file_too_big', params: { name: 'MoU.pdf', limit: '1 MB', limit_bytes: String(1 << 20) } };
    expect(problemText(p, 'fr')).toBe('« MoU.pdf » dépasse la limite de 1 Mo par fichier : joignez un fichier plus petit, ou relevez la limite dans les réglages');
    expect(problemText(p, 'en')).toContain('the limit of 1 MB per file');
    const b = { code: 'bundle_file_too_big', params: { name: 'a.pdf', size: '2.5 MB', size_bytes: String(2.5 * (1 << 20)), limit: '2 KB', limit_bytes: '2048' } };
    expect(problemText(b, 'fr')).toContain('« a.pdf » (2,5 Mo) dépasse la limite de 2 Ko');
  });
  it('words a non-existent date in each language, with the month named', () => {
    const p = { code: 'date_nonexistent', params: { value: '2026-02-30', day: '30', month: '2', year: '2026', days: '28' } };
    expect(problemText(p, 'en')).toBe('30 February does not exist (February 2026 has 28 days)');
    expect(problemText(p, 'fr')).toBe('Le 30 février n’existe pas (février 2026 a 28 jours)');
  });
  it('words allowed values with their labels and kinds as words', () => {
    const p = { code: 'enum', params: { value: 'maybe', list: 'commitment_status', allowed: 'proposed, agreed' } };
    expect(problemText(p, 'fr')).toBe(`« maybe » n’est pas admis : choisissez parmi ${fr['opt.commitment_status.proposed']} (proposed), ${fr['opt.commitment_status.agreed']} (agreed)`);
    const r = { code: 'reference_kind', params: { id: 'x', is: 'meeting', kind: 'party' } };
    expect(problemText(r, 'fr')).toBe('renvoie à x, de type réunion : choisissez une fiche de type partie');
  });
  it('words an export refused for a recipient whose Dossier is older, kind as a word', () => {
    const p = { code: 'recipient_old_field', params: { name: 'Amina Benali', reads: '1', change: '28', author: 'Amina Benali', kind: 'partnership', field: 'source', value: '' } };
    expect(problemText(p, 'en')).toBe('Amina Benali’s Dossier reads bundle format 1, which does not know the field “source” of partnership that change 28 of Amina Benali uses: ask Amina Benali to update Dossier and send you their identity card again; nothing was exported');
    expect(problemText(p, 'fr')).toContain(`qui ne connaît pas le champ « source » (fiche : ${fr['kind.partnership'].toLocaleLowerCase('fr')}) qu’utilise la modification 28 de Amina Benali`);
  });
  it('names a suggested country in the reader’s language', () => {
    const p = { code: 'iso3', params: { value: 'MAU', suggest: 'MAR', suggest_name: 'Morocco' } };
    expect(problemText(p, 'fr', { country: () => 'Maroc' })).toContain('vouliez-vous dire MAR (Maroc) ?');
  });
  it('returns null for a code it does not know', () => {
    expect(problemText({ code: 'from_the_future' }, 'fr')).toBeNull();
  });
  it('words every field of an error, the English words where there is no problem', () => {
    const err = {
      fields: { title: 'is required', due: 'odd English', x: 'kept' },
      problems: { title: { code: 'required' }, due: { code: 'from_the_future' } },
    };
    expect(wordedFields(err, 'fr')).toEqual({ title: 'est obligatoire', due: 'odd English', x: 'kept' });
  });
  it('names months by the locale', () => {
    expect(monthName('02', 'fr')).toBe('février');
    expect(monthName('13', 'fr')).toBe('13');
  });
});

const words = (cat: Record<string, string>, locale: 'en' | 'fr'): RefusalWords => ({
  tr: (k, f) => cat[k] ?? f,
  kind: (k) => (cat[`kind.${k}`] ?? k).toLowerCase(),
  field: (_k, path) => cat[`field.${path}`] ?? path,
  problem: (p) => problemText(p, locale),
  span: (m) => spanText(m, locale),
  date: (d) => d,
  quote: (s) => (locale === 'fr' ? `« ${s} »` : `“${s}”`),
  colon: locale === 'fr' ? ' : ' : ': ',
});

describe('refusalLines', () => {
  it('names the refused change and each field’s problem in French', () => {
    const lines = refusalLines(
      {
        problem: 'invalid_change',
        change: { seq: 3, author: 'Amina Benali', kind: 'commitment', record: 'r1', title: 'Visas', rule: 'fields', problems: { due: { code: 'required' } } },
      },
      words(fr, 'fr'),
    );
    expect(lines).toEqual(['Modification 3 (auteur : Amina Benali) — engagement « Visas » :', `${fr['field.due']} : est obligatoire`]);
  });
  it('words the values of a refusal, “you” included', () => {
    const lines = refusalLines({ problem: 'revoked_author', params: { who: 'K', from: '4', to: '9', by: 'S', by_you: 'true', bound: '3' } }, words(fr, 'fr'));
    expect(lines[0]).toBe(interpolate(fr['sync.detail.revoked_author'], { who: 'K', from: '4', to: '9', by: 'vous, S', bound: '3' }));
  });
  it('says in the reader’s words that a name is only the bundle’s own claim', () => {
    const lines = refusalLines({ problem: 'unknown_author', params: { who: 'Secretariat (CBE9148CC25D188C)', who_claimed: 'true' } }, words(fr, 'fr'));
    expect(lines[0]).toBe(interpolate(fr['sync.detail.unknown_author'], { who: 'Secretariat (CBE9148CC25D188C, nom non vérifié)' }));
    const named = refusalLines({ problem: 'missing_changes', params: { who: 'Secretariat', who_claimed: 'true', from: '1', to: '2', more: '0' } }, words(en, 'en'));
    expect(named[0]).toContain('Secretariat (name not verified)');
  });
  it('words a clock ahead as a span', () => {
    const lines = refusalLines({ problem: 'clock_ahead', change: { seq: 1, author: 'A', kind: 'party', record: 'r', rule: 'clock', params: { minutes: String(3 * 24 * 60), at: 'D' } } }, words(en, 'en'));
    expect(lines[1]).toBe('Their computer’s clock is 3 days ahead: the change is dated D.');
  });
  it('says nothing more when the service sent no values', () => {
    expect(refusalLines({ problem: 'not_bundle' }, words(en, 'en'))).toEqual([]);
  });
});

describe('dates in problems', () => {
  it('writes the dates a problem names as the screens do', () => {
    expect(problemText({ code: 'end_before_start', params: { start: '2024-03-07' } }, 'fr')).toBe('précède le début (7 mars 2024) : la fin doit être le jour du début ou après');
    expect(problemText({ code: 'end_before_start', params: { start: '2024-03-07' } }, 'en')).toBe('is before the start (7 March 2024): the end must be on or after the start');
  });
});

import { describe, expect, it } from 'vitest';
import { monthName, problemText, wordedFields } from './problems';
import { refusalLines, spanText, type RefusalWords } from './refusal';
import { en } from './i18n/en';
import { fr } from './i18n/fr';
import { interpolate } from './i18n/index.svelte';
import type { Problem } from './generated/types';

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

// A CSV file's own shape (header, rows, kind and id columns, quotes): the service sends a code
// and values (app/domain/problems.go, "csv_"), the CSV screen words them here.
describe('CSV file problems in French', () => {
  const kinds = 'party, framework, partnership, commitment, meeting, intervention';
  const frKinds = 'party (partie), framework (cadre), partnership (partenariat), commitment (engagement), meeting (réunion), intervention';
  const cases: [Problem, string][] = [
    [{ code: 'csv_header_missing' }, 'le fichier est vide : sa première ligne doit nommer les colonnes'],
    [{ code: 'csv_column_unknown', params: { kind: 'commitment' } }, 'n’est pas un champ des fiches de type engagement : renommez ou supprimez la colonne'],
    [{ code: 'csv_column_unknown_any' }, 'n’est un champ d’aucun type de fiche : renommez ou supprimez la colonne'],
    [{ code: 'csv_column_twice' }, 'figure deux fois : gardez une seule colonne de ce nom'],
    [
      { code: 'csv_no_kind_column', params: { kinds } },
      `n’a pas de colonne kind : ajoutez une colonne « kind » qui dit ce qu’est chaque ligne (${frKinds}), ou choisissez plus haut ce que sont les lignes`,
    ],
    [{ code: 'csv_too_many_rows', params: { max: '100000' } }, 'le fichier a plus de 100 000 lignes : découpez-le'],
    [{ code: 'csv_too_many_rows_files', params: { max: '100000' } }, 'les fichiers ont plus de 100 000 lignes : découpez-les'],
    [
      { code: 'csv_cell_count', params: { cells: '1', header: '3' } },
      'n’a pas autant de cellules que l’en-tête (1 au lieu de 3) : donnez à chaque ligne une cellule par colonne (une cellule qui contient le séparateur se met entre guillemets)',
    ],
    [{ code: 'csv_kind_empty', params: { kinds } }, `est vide : écrivez ce qu’est la ligne (${frKinds})`],
    [{ code: 'csv_kind_unknown', params: { value: 'widget', kinds } }, `« widget » n’est pas un type de fiche : écrivez l’un de ceux-ci : ${frKinds}`],
    [
      { code: 'csv_kind_contradicts', params: { says: 'party', kind: 'commitment' } },
      'indique le type partie, mais les lignes ont été déclarées de type engagement : choisissez plus haut « Données par la colonne kind de chaque ligne », ou corrigez la cellule',
    ],
    [
      { code: 'csv_not_field_of_row_kind', params: { kind: 'party' } },
      'n’est pas un champ des fiches de type partie : laissez cette cellule vide sur les lignes de type partie',
    ],
    [{ code: 'csv_id_invalid', params: { value: 'x-1' } }, '« x-1 » n’est pas un identifiant de fiche : laissez la cellule vide pour créer une nouvelle fiche'],
    [{ code: 'csv_id_twice', params: { row: '2' } }, 'est le même qu’à la ligne 2 : une fiche ne peut figurer qu’une fois dans le fichier'],
    [{ code: 'csv_id_twice_file', params: { file: 'a.csv', row: '2' } }, 'est le même que dans a.csv, ligne 2 : une fiche ne peut figurer qu’une fois dans les fichiers'],
    [{ code: 'csv_id_other_kind', params: { is: 'meeting', kind: 'commitment' } }, 'est celui d’une fiche de type réunion, pas de type engagement'],
    [
      { code: 'csv_id_deleted', params: { kind: 'party', title: 'Old Morocco', id: 'x' } },
      'la fiche « Old Morocco » (partie) est supprimée : restaurez-la d’abord (sur sa page), ou videz l’identifiant pour créer une nouvelle fiche',
    ],
    [
      { code: 'csv_cycle', params: { rows: '2, 7' } },
      'renvoie, directement ou par d’autres lignes, à une fiche qui renvoie à elle (lignes 2, 7) : importez d’abord l’une d’elles sans ce renvoi, puis ajoutez-le',
    ],
    [
      { code: 'csv_cycle_files', params: { rows: 'a.csv, row 2; b.csv, row 7' } },
      'renvoie, directement ou par d’autres lignes, à une fiche qui renvoie à elle (a.csv, row 2; b.csv, row 7) : importez d’abord l’une d’elles sans ce renvoi, puis ajoutez-le',
    ],
    [
      { code: 'csv_bare_quote', params: { line: '5', char: '25', example: '"bad ""quote"" here"' } },
      'contient un guillemet (") mais ne commence pas par un guillemet (ligne 5 du fichier, caractère 25) : mettez toute la cellule entre guillemets et doublez chaque guillemet qu’elle contient : "bad ""quote"" here"',
    ],
    [
      { code: 'csv_bare_quote_long', params: { line: '1234', char: '25' } },
      'contient un guillemet (") mais ne commence pas par un guillemet (ligne 1 234 du fichier, caractère 25) : mettez toute la cellule entre guillemets et doublez chaque guillemet qu’elle contient, p. ex. "dit ""oui"" ici"',
    ],
    [
      { code: 'csv_quote_unclosed', params: { cell_line: '5' } },
      'commence par un guillemet (ligne 5 du fichier) qui n’est jamais fermé : toute la suite du fichier a été lue dans cette cellule ; fermez la cellule par un guillemet, et doublez chaque guillemet qu’elle contient ("")',
    ],
    [
      { code: 'csv_quote_stray', params: { cell_line: '5', line: '6', char: '14' } },
      'est entre guillemets (depuis la ligne 5 du fichier), mais un guillemet à l’intérieur n’est pas doublé, ou quelque chose suit le guillemet fermant (le guillemet en ligne 6, caractère 14) : doublez chaque guillemet dans la cellule (""), et mettez le séparateur juste après le guillemet fermant',
    ],
    [
      { code: 'csv_unreadable', params: { line: '5', char: '3', reason: 'wrong number of fields' } },
      'ne peut pas être lu comme CSV (ligne 5 du fichier, caractère 3) : wrong number of fields',
    ],
  ];

  it('words every code of a file’s shape, with the values in place', () => {
    for (const [p, want] of cases) expect(problemText(p, 'fr'), p.code).toBe(want);
  });

  it('has French words for each of them, not the English ones', () => {
    const codes = Object.keys(fr)
      .filter((k) => k.startsWith('rule.csv_'))
      .map((k) => k.slice('rule.'.length))
      .sort();
    expect(cases.map(([p]) => p.code).sort()).toEqual(codes);
    for (const code of codes) {
      const key = `rule.${code}` as keyof typeof fr;
      expect(fr[key], code).not.toBe(en[key]);
      expect(fr[key], code).not.toMatch(/[^ ]: |“|\bthe\b/);
    }
  });

  it('keeps the kind codes a kind column takes, and words them in English without repeating them', () => {
    expect(problemText({ code: 'csv_kind_empty', params: { kinds } }, 'en')).toBe(`is empty: write what the row is (${kinds})`);
    expect(problemText({ code: 'csv_column_unknown', params: { kind: 'party' } }, 'en')).toBe('is not a field of party records: rename or remove the column');
  });
});

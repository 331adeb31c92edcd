import { describe, expect, it } from 'vitest';
import { cellText, monthName, problemText, setBackText, wordedFields } from './problems';
import { refusalLines, spanText, type RefusalWords } from './refusal';
import { en } from './i18n/en';
import { fr } from './i18n/fr';
import { interpolate } from './i18n/index.svelte';
import type { Problem } from './generated/types';

describe('cellText', () => {
  it('leads a CSV cell’s problem with its place in the list cell, as the command line does', () => {
    const unit = { row: 6, column: 'indicators', at: '1.unit', message: 'is required when a baseline, target or actual value is given', problem: { code: 'unit_required' } };
    expect(cellText(unit, 'en')).toBe(`entry 1, unit: ${en['rule.unit_required']}`);
    expect(cellText(unit, 'fr')).toBe(`élément 1, unit : ${fr['rule.unit_required']}`);
    const twice = { row: 2, column: 'indicators', at: '2.values.3.as_of', message: '…', problem: { code: 'value_twice', params: { as_of: '2024-01-01' } } };
    expect(cellText(twice, 'fr')).toMatch(/^élément 2, values élément 3, as_of : .*1er janvier 2024/);
    // Without a problem the backend's English words, still after the place.
    expect(cellText({ at: '1.amount', message: 'is broken' }, 'fr')).toBe('élément 1, amount : is broken');
    // A problem that names its place itself has none beside it: not said twice.
    const ref = { row: 7, column: 'funding', message: '…', problem: { code: 'csv_ref_unknown', params: { at: '2.country', value: 'Atlantis', kind: 'party', keys: 'id, name' } } };
    expect(cellText(ref, 'en').match(/entry 2, country/g)).toHaveLength(1);
    expect(cellText({ message: 'x', problem: { code: 'required' } }, 'en')).toBe(en['rule.required']);
  });
});

// A sheet that sets back a change made here is warned of, not refused (docs/csv.md, "A file
// older than a change", 5 December 2026): both values as the screens show them, quoted as
// each language quotes, the date of the change, and what to do.
describe('a value set back over a change made here', () => {
  const labels: Record<string, Record<string, string>> = { delivered: { en: 'Delivered', fr: 'Réalisé' }, agreed: { en: 'Agreed', fr: 'Convenu' } };
  const namer = (locale: 'en' | 'fr') => ({ cell: (kind: string, field: string, text: string) => (kind === 'commitment' && field === 'status' ? (labels[text]?.[locale] ?? '') : '') });
  const status = {
    row: 12,
    column: 'status',
    message: '…',
    problem: { code: 'csv_sets_back_own_change', params: { kind: 'commitment', field: 'status', value: 'delivered', set: 'agreed', as_of: '2026-12-05' } },
  };
  it('names both values and the date in English and in French', () => {
    expect(cellText(status, 'en', namer('en'))).toBe(
      'sets back “Delivered” (your change of 5 December 2026) to “Agreed”, the value before it: this file may be older than that change. Import it only to undo the change on purpose; otherwise export the file again',
    );
    expect(cellText(status, 'fr', namer('fr'))).toBe(
      'remplace «\u00a0Réalisé\u00a0» (votre modification du 5 décembre 2026) par «\u00a0Convenu\u00a0», la valeur d’avant : ce fichier est peut-être plus ancien que cette modification. Importez-le seulement pour annuler volontairement cette modification ; sinon, exportez à nouveau le fichier',
    );
  });
  it('says what was done once imported', () => {
    expect(setBackText(status.problem, 'en', namer('en'))).toBe('set back to “Agreed”, replacing “Delivered” (your change of 5 December 2026)');
    expect(setBackText(status.problem, 'fr', namer('fr'))).toBe('a remis «\u00a0Convenu\u00a0» à la place de «\u00a0Réalisé\u00a0» (votre modification du 5 décembre 2026)');
    expect(setBackText({ code: 'csv_stale_value', params: {} }, 'en')).toBe('');
  });
  it('words an empty cell, and a value the namer does not know as the cell writes it', () => {
    const due = { ...status, column: 'due', problem: { code: 'csv_sets_back_own_change', params: { kind: 'commitment', field: 'due', value: '', set: '2027-03-31', as_of: '2026-12-05' } } };
    expect(cellText(due, 'en', namer('en'))).toMatch(/^sets back an empty cell \(your change of 5 December 2026\) to “2027-03-31”,/);
    expect(cellText(due, 'fr', namer('fr'))).toMatch(/^remplace une cellule vide \(votre modification du 5 décembre 2026\) par «\u00a02027-03-31\u00a0»,/);
  });
});

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
  it('words a date written with slashes: day first, month first or either, months named, the date to write', () => {
    const dayFirst = { code: 'date_day_first', params: { value: '13/02/2024', day: '13', month: '2', year: '2024', date: '2024-02-13' } };
    expect(problemText(dayFirst, 'en')).toBe(
      '“13/02/2024” is written day first, DD/MM/YYYY (13 February 2024): write it as YYYY-MM-DD, here 2024-02-13 (Dossier does not read dates written with slashes: 03/04 is 3 April in some countries and 4 March in others)',
    );
    expect(problemText(dayFirst, 'fr')).toBe(
      '« 13/02/2024 » est écrite jour en premier, JJ/MM/AAAA (13 février 2024) : écrivez-la AAAA-MM-JJ, soit 2024-02-13 (Dossier ne lit pas les dates à barres obliques : 03/04 est le 3 avril dans certains pays et le 4 mars dans d’autres)',
    );
    const either = { code: 'date_ambiguous', params: { value: '01/03/2024', year: '2024', day: '1', month: '3', date: '2024-03-01', day2: '3', month2: '1', date2: '2024-01-03' } };
    expect(problemText(either, 'fr')).toBe(
      '« 01/03/2024 » peut se lire jour en premier (1er mars 2024) ou mois en premier (3 janvier 2024), et Dossier ne choisit pas à votre place : écrivez-la AAAA-MM-JJ, soit 2024-03-01 pour le 1er mars, soit 2024-01-03 pour le 3 janvier',
    );
    expect(problemText(either, 'en')).toBe(
      '“01/03/2024” could be day first (1 March 2024) or month first (3 January 2024), and Dossier does not guess: write it as YYYY-MM-DD, 2024-03-01 for 1 March or 2024-01-03 for 3 January',
    );
    const monthFirst = { code: 'date_month_first', params: { value: '12/31/2026', day: '31', month: '12', year: '2026', date: '2026-12-31' } };
    expect(problemText(monthFirst, 'fr')).toMatch(/^« 12\/31\/2026 » est écrite mois en premier, MM\/JJ\/AAAA \(31 décembre 2026\) : écrivez-la AAAA-MM-JJ, soit 2026-12-31 \(/);
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
  it('words a range of one change as one change, in both languages', () => {
    const revoked = { who: 'Jean Dupont (F030F0CBC16ED9D2)', from: '6', to: '6', by: 'S', bound: '5' };
    expect(refusalLines({ problem: 'revoked_author', params: revoked }, words(en, 'en'))[0]).toBe(
      'Change 6 from Jean Dupont (F030F0CBC16ED9D2) was signed after their key was revoked (by S); changes up to 5 are accepted.',
    );
    expect(refusalLines({ problem: 'revoked_author', params: revoked }, words(fr, 'fr'))[0]).toMatch(/^La modification 6 de Jean Dupont .* a été signée /);
    expect(refusalLines({ problem: 'missing_changes', params: { who: 'A', from: '41', to: '41', more: '0' } }, words(en, 'en'))[0]).toBe('Change 41 from A is missing.');
    expect(refusalLines({ problem: 'missing_changes', params: { who: 'A', from: '41', to: '41', more: '0' } }, words(fr, 'fr'))[0]).toBe('La modification 41 de A manque.');
    expect(refusalLines({ problem: 'missing_changes', params: { who: 'A', from: '41', to: '57', more: '0' } }, words(en, 'en'))[0]).toBe('Changes 41 to 57 from A are missing.');
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

describe('a party given twice', () => {
  it('names the party as the cell wrote it, in both languages', () => {
    const e = { row: 3, column: 'parties', message: '…', problem: { code: 'party_twice', params: { value: 'Tunisia' } } };
    expect(cellText(e, 'en')).toBe('“Tunisia” is listed twice: give each party one role');
    expect(cellText(e, 'fr')).toBe('« Tunisia » figure deux fois : donnez un seul rôle à chaque partie');
  });
  it('names a party given by its id as the form shows it', () => {
    // Two delegates gave Tunisia two roles at the same time: the form's refusal names it.
    const id = '01a2421d-aca4-745c-bf15-f6e5aa94e66b';
    const err = { code: 'invalid', message: '…', fields: { 'parties[1].party': '…' }, problems: { 'parties[1].party': { code: 'party_twice', params: { value: id } } } };
    const party = (v: string) => (v === id ? 'Tunisie' : '');
    expect(wordedFields(err, 'fr', { party })).toEqual({ 'parties[1].party': '« Tunisie » figure deux fois : donnez un seul rôle à chaque partie' });
    expect(wordedFields({ ...err, problems: { 'parties[1].party': { code: 'party_twice', params: { value: 'TUN' } } } }, 'en', { party })).toEqual({
      'parties[1].party': '“TUN” is listed twice: give each party one role',
    });
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
      { code: 'csv_too_many_columns', params: { columns: '200002', max: '1000' } },
      'l’en-tête a 200 002 colonnes, plus que les 1 000 qu’un fichier peut avoir : vérifiez que c’est bien le fichier voulu (un export de tous les types en a moins de 100) et supprimez les colonnes vides à sa fin',
    ],
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
      { code: 'csv_field_in_conflict', params: { by: 'Bruno Okafor, Amina Benali' } },
      'a un conflit ouvert (valeurs saisies par Bruno Okafor, Amina Benali) : tranchez-le d’abord dans l’écran Conflits, puis vérifiez à nouveau le fichier',
    ],
    [
      { code: 'csv_stale_value', params: { by: 'Amina Benali', as_of: '2026-12-04' } },
      'contient la valeur d’avant la modification faite par Amina Benali le 4 décembre 2026 : ce fichier est plus ancien que cette modification, et l’importer l’annulerait : exportez à nouveau le fichier (pour remettre l’ancienne valeur volontairement, modifiez-la dans la fiche elle-même)',
    ],
    [
      { code: 'csv_sets_back_own_change', params: { kind: 'commitment', field: 'title', value: 'Coast guard training (2027)', set: 'Coast guard training', as_of: '2026-12-05' } },
      'remplace «\u00a0Coast guard training (2027)\u00a0» (votre modification du 5 décembre 2026) par «\u00a0Coast guard training\u00a0», la valeur d’avant : ce fichier est peut-être plus ancien que cette modification. Importez-le seulement pour annuler volontairement cette modification ; sinon, exportez à nouveau le fichier',
    ],
    [
      { code: 'csv_kind_column_not_read', params: { kind: 'commitment', columns: 'start, venue' } },
      'donne le type de chaque ligne, mais les lignes ont été déclarées de type engagement, dont start, venue ne sont pas des champs : choisissez plus haut « Données par la colonne kind de chaque ligne »',
    ],
    [
      { code: 'csv_not_field_of_row_kind', params: { kind: 'party' } },
      'n’est pas un champ des fiches de type partie : laissez cette cellule vide sur les lignes de type partie',
    ],
    [{ code: 'csv_id_invalid', params: { value: 'x-1' } }, '« x-1 » n’est pas un identifiant de fiche : laissez la cellule vide pour créer une nouvelle fiche'],
    [{ code: 'csv_id_twice', params: { row: '2' } }, 'est le même qu’à la ligne 2 : une fiche ne peut figurer qu’une fois dans le fichier'],
    [{ code: 'csv_id_twice_file', params: { file: 'a.csv', row: '2' } }, 'est le même que dans a.csv, ligne 2 : une fiche ne peut figurer qu’une fois dans les fichiers'],
    [{ code: 'csv_id_other_kind', params: { is: 'meeting', kind: 'commitment' } }, 'est celui d’une fiche de type réunion, pas de type engagement'],
    // A record Dossier keeps itself is named as what it is, never by its internal kind.
    [
      { code: 'csv_id_system', params: { system: 'sys_trust', kind: 'commitment' } },
      'est celui d’une déclaration de confiance, que Dossier tient lui-même, pas d’une fiche de type engagement : videz l’identifiant pour créer une nouvelle fiche',
    ],
    [{ code: 'csv_export_kind_missing', params: { kinds } }, `choisissez le type des fiches à exporter (${frKinds})`],
    [{ code: 'csv_export_kind_unknown', params: { value: 'widget', kinds } }, `« widget » n’est pas un type de fiche : utilisez ${frKinds}, ou all`],
    [
      { code: 'csv_export_deleted' },
      'les fiches supprimées ne sont pas exportées, car un import refuserait leurs identifiants : restaurez-les d’abord, ou exportez la liste sans ses fiches supprimées',
    ],
    [{ code: 'csv_delimiter', params: { value: '|' } }, '« | » n’est pas un séparateur : utilisez « , », « ; » ou tab'],
    [
      { code: 'csv_party_held', params: { name: 'Maroc', id: 'x' } },
      '« Maroc » est déjà une partie enregistrée (identifiant x) : pour la modifier, écrivez son identifiant dans la colonne id ; si ce fichier a déjà été importé, n’importez que ses nouvelles lignes',
    ],
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
    // A cell or a file the import refuses: encodings, limits, references by name, name columns.
    [
      { code: 'csv_enc_utf32', params: { encoding: 'UTF-32', byte: '0' } },
      'le fichier ne peut pas être lu en UTF-32 (octet 0) : il est en UTF-32, que Dossier ne lit pas : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_bom_not_utf8', params: { encoding: 'UTF-8 with BOM', byte: '1209', value: '0xFF' } },
      'le fichier ne peut pas être lu en UTF-8 avec indicateur d’ordre des octets (octet 1 209) : il se dit en UTF-8 (il commence par une marque d’ordre des octets), mais l’octet 0xFF n’est pas de l’UTF-8 à cet endroit, le fichier est donc abîmé ou mêle plusieurs encodages : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_utf16_odd', params: { encoding: 'UTF-16 LE', byte: '4' } },
      'le fichier ne peut pas être lu en UTF-16 petit-boutiste (octet 4) : il s’arrête au milieu d’un caractère (il a un nombre impair d’octets), il a donc été tronqué : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_utf16_half', params: { encoding: 'UTF-16 BE', byte: '4' } },
      'le fichier ne peut pas être lu en UTF-16 gros-boutiste (octet 4) : une moitié de paire de caractères s’y trouve sans son autre moitié, le fichier est donc abîmé : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_nul', params: { encoding: 'UTF-8', byte: '7' } },
      'le fichier ne peut pas être lu en UTF-8 (octet 7) : il contient un octet NUL : ce n’est donc pas un fichier texte, ou c’est de l’UTF-16 sans marque d’ordre des octets ; enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_replacement', params: { encoding: 'UTF-8', byte: '7' } },
      'le fichier ne peut pas être lu en UTF-8 (octet 7) : il contient le caractère U+FFFD (�), qu’un programme laisse là où il n’a pas pu lire une lettre, une conversion antérieure a donc abîmé ce texte : retapez la lettre remplacée, puis importez à nouveau',
    ],
    [
      { code: 'csv_enc_mixed', params: { encoding: 'Windows-1252', byte: '7', value: '0xFC', char: 'é', char_byte: '14' } },
      'le fichier ne peut pas être lu en Windows-1252 (octet 7) : l’octet 0xFC n’est pas de l’UTF-8, mais le fichier contient ailleurs des caractères UTF-8 (« é » à l’octet 14), il est donc abîmé ou mêle plusieurs encodages : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_undefined', params: { encoding: 'Windows-1252', byte: '7', value: '0x81' } },
      'le fichier ne peut pas être lu en Windows-1252 (octet 7) : il n’est ni en UTF-8 ni en Windows-1252 (l’octet 0x81 n’est un caractère ni dans l’un ni dans l’autre) : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_not_western', params: { encoding: 'Windows-1252', byte: '6' } },
      'le fichier ne peut pas être lu en Windows-1252 (octet 6) : il n’est pas en UTF-8, et trois caractères non ASCII à la suite ne sont pas du texte Windows-1252 (on dirait du cyrillique, du grec, de l’arabe ou une écriture asiatique dans un autre encodage). Dossier ne devine pas : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_turkish', params: { encoding: 'Windows-1252', byte: '7', value: '0xD0', char: 'Ð' } },
      'le fichier ne peut pas être lu en Windows-1252 (octet 7) : il n’est pas en UTF-8, et en Windows-1252 l’octet 0xD0 serait « Ð », plus probablement une lettre turque (Windows-1254). Dossier ne devine pas : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_enc_central_european', params: { encoding: 'Windows-1252', byte: '10', value: '0xB3', char: '³' } },
      'le fichier ne peut pas être lu en Windows-1252 (octet 10) : il n’est pas en UTF-8, et en Windows-1252 l’octet 0xB3 serait « ³ » au milieu d’un mot, plus probablement une lettre d’Europe centrale (Windows-1250). Dossier ne devine pas : enregistrez-le à nouveau au format « CSV UTF-8 » (dans Excel : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des virgules)) et importez ce fichier',
    ],
    [
      { code: 'csv_file_too_big', params: { size: '300.5 MiB', size_bytes: String(315097088), limit: '256 MiB', limit_bytes: String(256 << 20), rows: '100000' } },
      'le fichier fait 301 Mo, au-delà de la limite de 256 Mo. Rien n’a été importé : découpez-le en plusieurs fichiers (au plus 100 000 lignes chacun) et importez-les un par un',
    ],
    [
      { code: 'csv_file_over', params: { limit: '256 MiB', limit_bytes: String(256 << 20), rows: '100000' } },
      'le fichier dépasse la limite de 256 Mo. Rien n’a été importé : découpez-le en plusieurs fichiers (au plus 100 000 lignes chacun) et importez-les un par un',
    ],
    [
      { code: 'csv_files_too_big', params: { name: 'b.csv', limit: '256 MiB', limit_bytes: String(256 << 20) } },
      'b.csv : avec les fichiers qui le précèdent, cet import dépasse la limite de 256 Mo. Rien n’a été importé : importez les fichiers en plusieurs fois',
    ],
    [
      { code: 'csv_upload_too_big', params: { name: 'big.csv', size: '21 MiB', size_bytes: String(21 << 20), limit: '20 MiB', limit_bytes: String(20 << 20), cli_limit: '256 MiB', cli_limit_bytes: String(256 << 20) } },
      'big.csv fait 21 Mo ; cet écran prend des fichiers jusqu’à 20 Mo. Rien n’a été importé : découpez-le en fichiers plus petits, ou importez-le en ligne de commande (dossier csv import, jusqu’à 256 Mo)',
    ],
    [
      { code: 'csv_id_reserved', params: { value: '01900000-0000-8000-8000-000000000001' } },
      '« 01900000-0000-8000-8000-000000000001 » est un identifiant que Dossier réserve à ses propres fiches : laissez la cellule vide pour créer une nouvelle fiche',
    ],
    [
      { code: 'csv_ref_ambiguous', params: { value: 'MAR', kind: 'party', count: '2', c1: 'Kingdom of Morocco', c1_iso3: 'MAR', c1_id: '0190-a', c2: 'Morocco', c2_row: '4' } },
      '« MAR » peut désigner l’une de 2 fiches de type partie : Kingdom of Morocco (ISO3 MAR, identifiant 0190-a) ; Morocco (ligne 4 de cet import). Écrivez l’identifiant de celle que vous voulez dire',
    ],
    [
      { code: 'csv_ref_near', params: { at: '1.values.3.country', value: 'Tunisa', kind: 'party', keys: 'id, iso3, country_names, name, acronym', count: '12', c1: 'Tunisia', c1_iso3: 'TUN', c1_id: '0190-t', c2: 'Tunisie', c2_file: 'p.csv', c2_row: '1234' } },
      'élément 1, values élément 3, country : « Tunisa » ne désigne aucune fiche de type partie. Vouliez-vous dire Tunisia (ISO3 TUN, identifiant 0190-t) ; Tunisie (p.csv, ligne 1 234 de cet import) … et 10 de plus ? Les noms doivent être écrits exactement comme ils sont enregistrés (ou donnez son identifiant, son code ISO3, son nom de pays en anglais ou en français, son nom ou son sigle)',
    ],
    [
      { code: 'csv_ref_unknown', params: { value: 'Atlantis', kind: 'partnership', keys: 'id, title' } },
      '« Atlantis » ne désigne aucune fiche de type partenariat : donnez son identifiant ou son intitulé',
    ],
    [
      { code: 'csv_ref_refused_row', params: { value: 'Dialogue de Rabat', kind: 'partnership', row: '2' } },
      '« Dialogue de Rabat » désigne la fiche de type partenariat de la ligne 2, qui est refusée : corrigez d’abord cette ligne, et celle-ci sera lue avec elle',
    ],
    [
      { code: 'csv_ref_refused_row_file', params: { at: '2.country', value: 'Tunisie', kind: 'party', file: 'parties.csv', row: '7' } },
      'élément 2, country : « Tunisie » désigne la fiche de type partie de parties.csv, ligne 7, qui est refusée : corrigez d’abord cette ligne, et celle-ci sera lue avec elle',
    ],
    [
      { code: 'csv_item_ambiguous', params: { value: 'gcm-7', codes: 'GCM-7, Gcm-7' } },
      '« gcm-7 » peut être l’un de ces codes : GCM-7, Gcm-7 ; écrivez le code exactement',
    ],
    [
      { code: 'csv_item_unknown_in', params: { value: 'GCM-99', framework: 'GCM', items: 'GCM-1, GCM-2', more: '21' } },
      '« GCM-99 » n’est pas un élément de cadre ; les éléments de GCM sont GCM-1, GCM-2 … et 21 de plus',
    ],
    [
      { code: 'csv_item_unknown', params: { value: 'XYZ-1', frameworks: 'GCM, JVAP', more: '0' } },
      '« XYZ-1 » n’est pas un élément de cadre : écrivez un code comme GCM-7 (cadres connus : GCM, JVAP), ou ajoutez d’abord l’élément à un cadre',
    ],
    [
      { code: 'csv_names_count', params: { count: '2', ids: '1', field: 'committed_by', column: 'committed_by_names' } },
      'nomme 2 fiches là où la colonne committed_by en a 1 : pour désigner autre chose, modifiez la colonne committed_by (ou videz-la et gardez les noms) ; sinon corrigez ou videz cette colonne',
    ],
    [
      { code: 'csv_names_id', params: { value: '0190-b', id: '0190-a', field: 'committed_by', column: 'committed_by_names' } },
      'contient l’identifiant 0190-b là où la colonne committed_by a 0190-a : pour désigner autre chose, modifiez la colonne committed_by (ou videz-la et gardez les noms) ; sinon corrigez ou videz cette colonne',
    ],
    [
      { code: 'csv_names_other', params: { value: 'Other title', id: '0190-p', label: 'EU–Tunisia MoU', field: 'partnership', column: 'partnership_name' } },
      'indique « Other title » là où la colonne partnership désigne EU–Tunisia MoU (identifiant 0190-p) : pour désigner autre chose, modifiez la colonne partnership (ou videz-la et gardez les noms) ; sinon corrigez ou videz cette colonne',
    ],
    [
      { code: 'csv_names_role', params: { value: 'Tunisia', role: 'member', field_role: 'lead', field: 'parties', column: 'parties_names' } },
      'donne à « Tunisia » le rôle Membre (member) là où la colonne parties donne Chef de file (lead) : pour désigner autre chose, modifiez la colonne parties (ou videz-la et gardez les noms) ; sinon corrigez ou videz cette colonne',
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

describe('CSV cell problems in French and English', () => {
  // A JSON cell, a list entry, a party role: the value as written, the place in the cell, what
  // to write; the places and the records a name could be in the reader's words.
  const cases: [Problem, string][] = [
    [
      { code: 'party_role_syntax', params: { value: 'nocolon', list: 'party_role', allowed: 'lead, member' } },
      '« nocolon » : écrivez chaque partie sous la forme PARTIE:RÔLE, la partie par son identifiant, son code ISO3 ou son nom, et le rôle par son code, parmi Chef de file (lead), Membre (member)',
    ],
    [
      { code: 'json_invalid', params: { value: 'not json', char: '2', example: '[{"amount": 46300000}]' } },
      '« not json » n’est pas du JSON valide (l’erreur est au caractère 2) : écrivez-le en JSON, p. ex. [{"amount": 46300000}]',
    ],
    [
      { code: 'json_number_range', params: { value: '1e400' } },
      '1e400 est un nombre trop grand pour être enregistré : écrivez le nombre en chiffres, p. ex. 46300000',
    ],
    [
      { code: 'entry_not_number', params: { at: '1.baseline', value: '"about ten"' } },
      'élément 1, baseline : "about ten" n’est pas un nombre : écrivez des chiffres sans guillemets, avec un point (pas une virgule) avant les décimales et sans séparateur de milliers, p. ex. 12500.5',
    ],
    [
      { code: 'entry_not_number_suggest', params: { at: '2.amount', value: '"12,5"', suggest: '12.5' } },
      'élément 2, amount : "12,5" n’est pas un nombre : écrivez-le sans guillemets, avec un point (pas une virgule) avant les décimales et sans séparateur de milliers : 12.5',
    ],
    [
      { code: 'entry_not_text', params: { at: '1.source', value: '5' } },
      'élément 1, source : 5 n’est pas du texte : écrivez-le entre guillemets droits doubles (")',
    ],
    [
      { code: 'entry_not_list', params: { at: '1.values', value: '{"actual":1}' } },
      'élément 1, values : {"actual":1} n’est pas une liste : écrivez-la entre crochets, [ ]',
    ],
    [
      { code: 'entry_not_object', params: { at: '1', value: '"EUR 5"', example: '{"amount": …}' } },
      'élément 1 : "EUR 5" n’est pas une entrée avec des champs : écrivez chaque entrée entre accolades, p. ex. {"amount": …}',
    ],
  ];

  it('words each in French, with the values in place', () => {
    for (const [p, want] of cases) expect(problemText(p, 'fr'), p.code).toBe(want);
  });

  it('writes French typography, not the English words', () => {
    for (const [p] of cases) {
      const key = `rule.${p.code}` as keyof typeof fr;
      expect(fr[key], p.code).not.toBe(en[key]);
      expect(fr[key], p.code).not.toMatch(/[^ ]: |“|\bthe\b/);
    }
  });

  const english: [Problem, string][] = [
    [{ code: 'csv_file_too_big', params: { size: '300.5 MiB', size_bytes: String(315097088), limit: '256 MiB', limit_bytes: String(256 << 20), rows: '100000' } }, 'the file is 301 MB, over the limit of 256 MB. Nothing was imported: split it into several files (at most 100,000 rows each) and import them one by one'],
    [{ code: 'csv_file_over', params: { limit: '256 MiB', limit_bytes: String(256 << 20), rows: '100000' } }, 'the file is larger than the limit of 256 MB. Nothing was imported: split it into several files (at most 100,000 rows each) and import them one by one'],
    [{ code: 'csv_files_too_big', params: { name: 'b.csv', limit: '256 MiB', limit_bytes: String(256 << 20) } }, 'b.csv: with the files before it, this import is over the limit of 256 MB. Nothing was imported: import the files in several runs'],
    [{ code: 'csv_upload_too_big', params: { name: 'big.csv', size: '21 MiB', size_bytes: String(21 << 20), limit: '20 MiB', limit_bytes: String(20 << 20), cli_limit: '256 MiB', cli_limit_bytes: String(256 << 20) } }, 'big.csv is 21 MB; this screen takes files up to 20 MB. Nothing was imported: split it into smaller files, or import it with the command line (dossier csv import, up to 256 MB)'],
    [{ code: 'csv_id_reserved', params: { value: '01900000-0000-8000-8000-000000000001' } }, '“01900000-0000-8000-8000-000000000001” is an id Dossier keeps for its own records: leave it empty to create a new record'],
    [{ code: 'csv_ref_ambiguous', params: { value: 'MAR', kind: 'party', count: '2', c1: 'Kingdom of Morocco', c1_iso3: 'MAR', c1_id: '0190-a', c2: 'Morocco', c2_row: '4' } }, '“MAR” could be any of 2 party records: Kingdom of Morocco (ISO3 MAR, id 0190-a); Morocco (row 4 of this import). Write the id of the one you mean'],
    [{ code: 'csv_ref_near', params: { at: '1.values.3.country', value: 'Tunisa', kind: 'party', keys: 'id, iso3, country_names, name, acronym', count: '12', c1: 'Tunisia', c1_iso3: 'TUN', c1_id: '0190-t', c2: 'Tunisie', c2_file: 'p.csv', c2_row: '1234' } }, 'entry 1, values entry 3, country: “Tunisa” names no party record. Did you mean Tunisia (ISO3 TUN, id 0190-t); Tunisie (p.csv, row 1,234 of this import) … and 10 more? Names must be written exactly as they are stored (or give its id, ISO3 code, country name in English or French, name or acronym)'],
    [{ code: 'csv_ref_unknown', params: { value: 'Atlantis', kind: 'partnership', keys: 'id, title' } }, '“Atlantis” names no partnership record: give its id or title'],
    [{ code: 'csv_item_ambiguous', params: { value: 'gcm-7', codes: 'GCM-7, Gcm-7' } }, '“gcm-7” could be any of GCM-7, Gcm-7: write the code exactly'],
    [{ code: 'csv_item_unknown_in', params: { value: 'GCM-99', framework: 'GCM', items: 'GCM-1, GCM-2', more: '21' } }, '“GCM-99” is not a framework item; the items of GCM are GCM-1, GCM-2 … and 21 more'],
    [{ code: 'csv_item_unknown', params: { value: 'XYZ-1', frameworks: 'GCM, JVAP', more: '0' } }, '“XYZ-1” is not a framework item: write a code such as GCM-7 (frameworks known: GCM, JVAP), or add the item to a framework first'],
    [{ code: 'csv_names_count', params: { count: '2', ids: '1', field: 'committed_by', column: 'committed_by_names' } }, 'names 2 records where column committed_by has 1: to point elsewhere, change column committed_by (or clear it and keep the names); otherwise correct or clear this column'],
    [{ code: 'csv_names_id', params: { value: '0190-b', id: '0190-a', field: 'committed_by', column: 'committed_by_names' } }, 'has the id 0190-b where column committed_by has 0190-a: to point elsewhere, change column committed_by (or clear it and keep the names); otherwise correct or clear this column'],
    [{ code: 'csv_names_other', params: { value: 'Other title', id: '0190-p', label: 'EU–Tunisia MoU', field: 'partnership', column: 'partnership_name' } }, 'says “Other title” where column partnership points to EU–Tunisia MoU (id 0190-p): to point elsewhere, change column partnership (or clear it and keep the names); otherwise correct or clear this column'],
    [{ code: 'csv_names_role', params: { value: 'Tunisia', role: 'member', field_role: 'lead', field: 'parties', column: 'parties_names' } }, 'gives “Tunisia” the role Member (member) where column parties gives Lead (lead): to point elsewhere, change column parties (or clear it and keep the names); otherwise correct or clear this column'],
    [{ code: 'party_role_syntax', params: { value: 'nocolon', list: 'party_role', allowed: 'lead, member' } }, '“nocolon”: write each party as PARTY:ROLE, the party by its id, ISO3 code or name, and the role by its code, one of Lead (lead), Member (member)'],
    [{ code: 'json_invalid', params: { value: 'not json', char: '2', example: '[{"amount": 46300000}]' } }, '“not json” is not valid JSON (it goes wrong at character 2): write it as JSON, e.g. [{"amount": 46300000}]'],
    [{ code: 'json_number_range', params: { value: '1e400' } }, '1e400 is a number too large to store: write the number in digits, e.g. 46300000'],
    [{ code: 'entry_not_number', params: { at: '1.baseline', value: '"about ten"' } }, 'entry 1, baseline: "about ten" is not a number: write digits without quotes, with a point before decimals and no thousands separators, e.g. 12500.5'],
    [{ code: 'entry_not_number_suggest', params: { at: '2.amount', value: '"12,5"', suggest: '12.5' } }, 'entry 2, amount: "12,5" is not a number: write it without quotes, with a point before decimals and no thousands separators: 12.5'],
    [{ code: 'entry_not_text', params: { at: '1.source', value: '5' } }, 'entry 1, source: 5 is not text: write it between double quotes (")'],
    [{ code: 'entry_not_list', params: { at: '1.values', value: '{"actual":1}' } }, 'entry 1, values: {"actual":1} is not a list: write it between square brackets, [ ]'],
    [{ code: 'entry_not_object', params: { at: '1', value: '"EUR 5"', example: '{"amount": …}' } }, 'entry 1: "EUR 5" is not an entry with fields: write each entry between braces, e.g. {"amount": …}'],
  ];

  it('words a record Dossier keeps itself and the export refusals in English', () => {
    expect(problemText({ code: 'csv_id_system', params: { system: 'sys_trust', kind: 'commitment' } }, 'en')).toBe(
      'is the id of a trust statement, which Dossier keeps itself, not of a record of kind commitment: clear the id to create a new record',
    );
    // A system kind this screen does not know yet is still not shown as its code.
    expect(problemText({ code: 'csv_id_system', params: { system: 'sys_later', kind: 'party' } }, 'fr')).toBe(
      'est celui d’une fiche que Dossier tient lui-même, pas d’une fiche de type partie : videz l’identifiant pour créer une nouvelle fiche',
    );
    expect(problemText({ code: 'csv_delimiter', params: { value: '|' } }, 'en')).toBe('“|” is not a separator: use “,”, “;” or tab');
    expect(problemText({ code: 'csv_export_deleted' }, 'en')).toBe(
      'deleted records are not exported, since an import would refuse their ids: restore them first, or export the list without its deleted records',
    );
  });

  it('words each in English as the screen says it', () => {
    for (const [p, want] of english) expect(problemText(p, 'en'), p.code).toBe(want);
  });
});

describe('refusals of a list’s filters and of a path to write', () => {
  it('words a status filter in each language, the values to pick with their labels', () => {
    const p = { code: 'status_filter', params: { value: 'maybe', kind: 'commitment', list: 'commitment_status', allowed: 'proposed, agreed' } };
    expect(problemText(p, 'en')).toBe(`“maybe” is not a commitment status: pick one of ${en['opt.commitment_status.proposed']} (proposed), ${en['opt.commitment_status.agreed']} (agreed)`);
    expect(problemText(p, 'fr')).toBe(
      `« maybe » n’est pas un statut possible pour ce type de fiche (engagement) : choisissez parmi ${fr['opt.commitment_status.proposed']} (proposed), ${fr['opt.commitment_status.agreed']} (agreed)`,
    );
    const any = { code: 'status_filter_any', params: { value: 'x', party: 'country', partnership: 'active', commitment: 'agreed' } };
    expect(problemText(any, 'fr')).toBe(
      `« x » n’est pas un statut : choisissez un type de partie (${fr['opt.party_type.country']} (country)), un statut de partenariat (${fr['opt.partnership_status.active']} (active)) ou un statut d’engagement (${fr['opt.commitment_status.agreed']} (agreed))`,
    );
    const na = { code: 'filter_not_applicable', params: { kind: 'meeting', field: 'themes', kinds: 'partnership, commitment' } };
    expect(problemText(na, 'fr')).toBe('ce type de fiche (réunion) n’a pas de champ « thèmes », ce filtre ne trouverait donc rien : il ne s’applique qu’aux fiches de type partenariat, engagement');
    expect(problemText({ code: 'out_of_range', params: { value: '20000', min: '1', max: '10000' } }, 'fr')).toBe('20 000 est hors limites : donnez un nombre entre 1 et 10 000');
  });
  it('words a path that cannot be written, saying what to do, in each language', () => {
    const folder = { code: 'path_folder_missing', params: { path: '/media/usb/x.csv', folder: '/media/usb' } };
    expect(problemText(folder, 'en')).toBe('the folder “/media/usb” does not exist: choose another folder, or create it first');
    expect(problemText(folder, 'fr')).toBe('le dossier « /media/usb » n’existe pas : choisissez un autre dossier, ou créez-le d’abord');
    expect(problemText({ code: 'path_denied', params: { path: '/x/y.csv', folder: '/x' } }, 'fr')).toBe('Dossier n’a pas le droit d’écrire dans le dossier « /x » : choisissez un autre dossier');
    expect(problemText({ code: 'path_is_folder', params: { path: '/home/a' } }, 'fr')).toBe('« /home/a » est un dossier : choisissez un nom de fichier dans ce dossier, ou un autre fichier');
    const card = { code: 'card_too_big', params: { name: 'amina.json', size: '68.4 KB', size_bytes: '70000', limit: '16.0 KB', limit_bytes: '16384' } };
    expect(problemText(card, 'fr')).toBe('« amina.json » fait 68,4 Ko, et une carte d’identité fait au plus 16 Ko : choisissez le fichier de carte (.card) exporté par Dossier');
    const country = { code: 'country_unknown', params: { value: 'Marocc', suggest: 'MAR', suggest_name: 'Morocco' } };
    expect(problemText(country, 'fr', { country: () => 'Maroc' })).toBe('« Marocc » n’est pas un pays : indiquez son code ISO 3166-1 alpha-3 ou son nom ; vouliez-vous dire MAR (Maroc) ?');
    const blank = { code: 'country_ambiguous', params: { value: 'NA', suggest: 'NAM', suggest_name: 'Namibia' } };
    expect(problemText(blank, 'fr', { country: () => 'Namibie' })).toBe('« NA » est un code ISO 3166-1 alpha-2, celui de NAM (Namibie), mais les tableaux l’écrivent aussi pour une case sans réponse (non disponible, non communiqué, sans objet) : si c’est bien ce pays, écrivez NAM ou son nom ; sinon, retirez-le');
    // A part of the names of several countries: each named in the reader's language, the others counted.
    const names: Record<string, string> = { KOR: 'Corée du Sud', PRK: 'Corée du Nord' };
    const korea = { code: 'country_partial', params: { value: 'Corée', count: '2', countries: 'KOR, PRK', more: '0' } };
    expect(problemText(korea, 'fr', { country: (c) => names[c] ?? c })).toBe('« Corée » fait partie du nom de 2 pays : KOR (Corée du Sud), PRK (Corée du Nord) ; écrivez le code ISO 3166-1 alpha-3 ou le nom complet du pays voulu');
    expect(problemText({ ...korea, params: { ...korea.params, value: 'Korea' } }, 'en', { country: (c) => ({ KOR: 'South Korea', PRK: 'North Korea' })[c] ?? c })).toBe('“Korea” is part of the names of 2 countries: KOR (South Korea), PRK (North Korea); write the ISO 3166-1 alpha-3 code or the whole name of the one you mean');
    const islands = { code: 'country_partial', params: { value: 'Îles', count: '7', countries: 'ALA, CCK', more: '5' } };
    expect(problemText(islands, 'fr', { country: (c) => c })).toBe('« Îles » fait partie du nom de 7 pays : ALA, CCK … et 5 de plus ; écrivez le code ISO 3166-1 alpha-3 ou le nom complet du pays voulu');
    const none = { code: 'country_blank', params: { value: 'N/A' } };
    expect(problemText(none, 'en')).toBe('“N/A” names no country: tables write it for an empty answer; leave it out, or write the country’s ISO 3166-1 alpha-3 code or its name');
    expect(problemText(none, 'fr')).toBe('« N/A » ne nomme aucun pays : les tableaux l’écrivent pour une case sans réponse ; retirez-le, ou écrivez le code ISO 3166-1 alpha-3 du pays ou son nom');
    expect(problemText({ code: 'path_folder_is_file', params: { path: '/x/a.csv/b.csv', folder: '/x/a.csv' } }, 'fr')).toBe('« /x/a.csv » est un fichier, pas un dossier : choisissez un autre dossier');
    const inData = { code: 'path_in_data', params: { path: '/home/a/.local/share/dossier/files/out.dossier', folder: '/home/a/.local/share/dossier' } };
    expect(problemText(inData, 'en')).toBe('“/home/a/.local/share/dossier/files/out.dossier” is inside Dossier’s data folder “/home/a/.local/share/dossier”, where Dossier keeps its own files: choose a folder outside it');
    expect(problemText(inData, 'fr')).toBe('« /home/a/.local/share/dossier/files/out.dossier » est dans le dossier de données de Dossier, « /home/a/.local/share/dossier », où Dossier garde ses propres fichiers : choisissez un dossier en dehors');
    for (const code of ['path_in_data', 'path_required', 'path_folder_missing', 'path_folder_is_file', 'path_is_folder', 'path_denied', 'path_disk_full', 'path_not_written', 'path_name_too_long', 'status_filter', 'party_type_filter', 'status_filter_any', 'status_filter_none', 'filter_not_applicable', 'out_of_range', 'unknown_order', 'file_missing', 'file_denied', 'file_is_folder', 'file_unreadable', 'card_too_big', 'country_unknown', 'country_ambiguous', 'country_partial', 'country_blank', 'request_too_large']) {
      expect(fr[`rule.${code}` as keyof typeof fr], code).not.toMatch(/'/);
    }
  });
});

describe('a refused identity card', () => {
  it('says where (the file, the field, the byte) before what is wrong, in each language', () => {
    const sig = { code: 'card_signature', params: { file: 'amina.card', member: 'signature' } };
    expect(problemText(sig, 'fr')).toBe(
      'Carte d’identité « amina.card », champ « signature » : ne correspond pas au contenu de la carte, qui a donc été modifiée ou abîmée après sa création : ne lui faites pas confiance ; demandez à son titulaire d’exporter de nouveau la carte depuis Dossier et de vous envoyer le fichier tel quel',
    );
    expect(problemText(sig, 'en')).toMatch(/^Identity card “amina\.card”, field “signature”: does not match the card’s contents/);
    const crlf = { code: 'card_crlf', params: { file: 'amina.card', byte: '1' } };
    expect(problemText(crlf, 'fr')).toMatch(/^Carte d’identité « amina\.card » \(octet 1\) : le fichier a des fins de ligne Windows \(CR LF\)/);
    const long = { code: 'card_text_too_long', params: { file: 'a.card', member: 'name', byte: '12345', length: '101', max: '100' } };
    expect(problemText(long, 'fr')).toMatch(/^Carte d’identité « a\.card », champ « name » \(octet 12 345\) : compte 101 caractères, la limite est 100 ; /);
    const big = { code: 'card_size', params: { size: '20000', size_bytes: '20000', limit: '16384', limit_bytes: '16384' } };
    expect(problemText(big, 'fr')).toBe('le fichier fait 19,5 Ko, plus que les 16 Ko permis pour une carte : vérifiez qu’il s’agit bien d’une carte d’identité exportée par Dossier');
    // A problem that is no decoder's reason has no place before it, though its code starts alike.
    expect(problemText({ code: 'card_too_big', params: { name: 'x.json', size: '1', size_bytes: '70000', limit: '1', limit_bytes: '16384' } }, 'fr')).toMatch(/^« x\.json » fait/);
  });
  it('words every reason in French with typographic apostrophes and a space before each colon', () => {
    const codes = Object.keys(fr).filter((k) => k.startsWith('rule.card_'));
    expect(codes.length).toBeGreaterThan(40);
    for (const k of codes) {
      expect(fr[k as keyof typeof fr], k).not.toMatch(/'/);
      expect(fr[k as keyof typeof fr], k).not.toMatch(/[a-z]:/);
    }
  });
});

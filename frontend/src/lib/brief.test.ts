import { describe, expect, it } from 'vitest';
import {
  BRIEF_SECTIONS,
  briefCountry,
  capitalise,
  changeText,
  conflictEntriesText,
  conflictNotesText,
  conflictValueText,
  byShown,
  countryIn,
  countryPlural,
  cssString,
  frenchIn,
  listText,
  othersWithRoles,
  partiesIn,
  partyIn,
  pointsMeta,
  sectionNumber,
  daysText,
  itemDateText,
  emptyBriefs,
  withMeetingCountries,
  fundingText,
  indicatorPeriod,
  indicatorTarget,
  indicatorValue,
  longDate,
  moneyText,
  numberText,
  periodText,
  printStyle,
  quantityText,
  sessionText,
  shortDate,
  stampText,
  generatedText,
  sinceTitle,
} from './brief';
import { formatMoney } from './format';
import type { BriefFunding, BriefIndicator } from './syncTypes';
import { translate, tn, type MessageKey } from './i18n/index.svelte';

describe('print styles', () => {
  it('quotes any text as a CSS string', () => {
    expect(cssString('For official use')).toBe('"For official use"');
    expect(cssString('a"b\\c</style>')).toBe('"a\\22 b\\5c c\\3c /style\\3e "');
  });

  it('puts the marking on every sheet, with the running header and page numbers', () => {
    const css = printStyle({ marking: 'Eu restricted', running: 'Country brief · Libya (LBY)', date: '13 November 2020', footer: 'Dossier · state a37a', page: '"Page " counter(page) " of " counter(pages)' });
    expect(css).toContain('@top-center { content: "EU RESTRICTED"');
    expect(css).toContain('@bottom-center { content: "EU RESTRICTED"');
    expect(css).toContain('counter(pages)');
    expect(css).not.toContain('</style');
  });
});

// The same words as the PDF (app/brief/lang_test.go TestLangFormats).
describe('the facts written in each language', () => {
  it('writes dates and periods', () => {
    expect(longDate('2020-11-13', 'en')).toBe('13 November 2020');
    expect(longDate('2020-11-13', 'fr')).toBe('13 novembre 2020');
    expect(longDate('2021-02-01', 'fr')).toBe('1er février 2021');
    expect(shortDate('2020-11-13', 'en')).toBe('13 Nov 2020');
    expect(shortDate('2020-11-13', 'fr')).toBe('13 nov. 2020');
    expect(shortDate('soon', 'fr')).toBe('soon');
    expect(shortDate('2020-01-01', 'fr')).toBe('1er janv. 2020'); // as lang.go writes it
    expect(shortDate('2020-01-01', 'en')).toBe('1 Jan 2020');
    expect(periodText('2017-11-01', '', 'en')).toBe('since Nov 2017');
    expect(periodText('2017-11-01', '', 'fr')).toBe('depuis nov. 2017');
    expect(periodText('', '2020-06-30', 'fr')).toBe('jusqu’en juin 2020');
    expect(periodText('2006-07-01', '2020-12-31', 'fr')).toBe('juil. 2006 – déc. 2020');
    // A concluded partnership without an end date (the walk of 5 December 2026: « Achevé · depuis nov. 2015 »).
    expect(periodText('2015-11-12', '', 'fr', 'concluded')).toBe('commencé en nov. 2015');
    expect(periodText('2015-11-12', '', 'en', 'concluded')).toBe('began Nov 2015');
    expect(periodText('2015-11-12', '', 'en', 'active')).toBe('since Nov 2015');
    expect(periodText('2015-11-12', '2022-12-31', 'en', 'concluded')).toBe('Nov 2015 – Dec 2022');
    expect(daysText('2020-11-12', '2020-11-13', 'en')).toBe('12–13 November 2020');
    expect(daysText('2020-11-30', '2020-12-02', 'fr')).toBe('30 novembre – 2 décembre 2020');
    expect(daysText('2020-12-31', '2021-01-01', 'fr')).toBe('31 décembre 2020 – 1er janvier 2021');
    expect(daysText('2020-10-01', '2020-10-01', 'en')).toBe('1 October 2020');
    // A row of the country page's Meetings panel writes a meeting's days as the brief does.
    expect(itemDateText({ date: '2024-03-05', end_day: '2024-03-06' }, 'fr')).toBe('5–6 mars 2024');
    expect(itemDateText({ date: '2024-03-05', end_day: '2024-03-06' }, 'en')).toBe('5–6 March 2024');
    expect(itemDateText({ date: '2024-03-01', end_day: '2024-03-01' }, 'fr')).toBe('1er mars 2024');
    expect(itemDateText({ date: '2024-03-05', end_day: '2024-03-06' }, 'fr')).toBe(daysText('2024-03-05', '2024-03-06', 'fr'));
    // Any other row's date (a commitment's due date) stays short.
    expect(itemDateText({ date: '2024-03-05' }, 'en')).toBe('5 Mar 2024');
    expect(itemDateText({}, 'en')).toBe('');
    expect(sessionText('2021-02-10T09:30', '2021-02-10T12:00', 'en')).toBe('10 Feb, 09:30–12:00');
    expect(sessionText('2021-02-10T09:30', '2021-02-10T12:00', 'fr')).toBe('10 févr., 09:30–12:00');
    expect(sessionText('2021-02-28T18:00', '2021-03-01T09:00', 'fr')).toBe('28 févr., 18:00 – 1er mars, 09:00');
    expect(stampText('2020-11-13T09:12:00Z', 'fr')).toBe('13 nov. 2020 09:12 UTC');
    expect(stampText('0001-01-01T00:00:00Z', 'en')).toBe('');
  });

  it('writes numbers and amounts', () => {
    expect(quantityText(53000, 'people', 'en')).toBe('53,000 people');
    expect(quantityText(53000, 'people', 'fr')).toBe('53\u00a0000 people');
    expect(quantityText(12.5, '%', 'en')).toBe('12.5%');
    expect(quantityText(12.5, '%', 'fr')).toBe('12,5\u00a0%');
    expect(numberText(-1234567.891, 'fr')).toBe('-1\u00a0234\u00a0567,89');
    expect(moneyText(1234.125, 'TND', 'en')).toBe('TND\u00a01,234.125');
    expect(moneyText(46300000, 'EUR', 'fr')).toBe('46\u00a0300\u00a0000\u00a0EUR');
    // A cent is never dropped, as in the PDF (app/brief lang_test "cents", "millimes").
    expect(moneyText(1234.5, 'EUR', 'en')).toBe('EUR\u00a01,234.50');
    expect(moneyText(1234.5, 'EUR', 'fr')).toBe('1\u00a0234,50\u00a0EUR');
    expect(moneyText(2500000.1, 'TND', 'fr')).toBe('2\u00a0500\u00a0000,100\u00a0TND');
  });

  it('places the currency code as the other screens do (formatMoney): first in English, after in French', () => {
    const spaces = (s: string) => s.replace(/\s/g, ' ');
    for (const L of ['en', 'fr'] as const) {
      for (const [amount, currency] of [[90000000, 'EUR'], [1234.5, 'EUR'], [2500000.125, 'TND'], [1500, 'JPY'], [46300000, 'USD']] as const) {
        expect(spaces(moneyText(amount, currency, L)), `${amount} ${currency} ${L}`).toBe(spaces(formatMoney(amount, currency, L)));
      }
      expect(spaces(quantityText(2500000, 'EUR', L))).toBe(spaces(formatMoney(2500000, 'EUR', L)));
    }
  });

  it('writes indicators and funding lines', () => {
    const ind = { name: 'Returns', unit: 'people', baseline: 0, target: 60000, actual: 53000, since: '2017-01-01', as_of: '2020-11-13' } as BriefIndicator;
    expect(indicatorValue(ind, 'en')).toBe('53,000 people');
    expect(indicatorTarget(ind, 'fr')).toBe('référence 0 people → cible 60\u00a0000 people');
    expect(indicatorPeriod(ind, 'en')).toBe('since 2017 · as of 13 Nov 2020');
    expect(indicatorPeriod(ind, 'fr')).toBe('depuis 2017 · au 13 nov. 2020');
    const fu = { amount: 150000000, currency: 'EUR', state: 'pledged', instrument: 'trust_fund_contribution', as_of: '2016-12-13' } as BriefFunding;
    const label = (list: string, v: string) => `${list}:${v}`;
    expect(fundingText(fu, 'en', label)).toBe('EUR\u00a0150,000,000 funding_state:pledged · funding_instrument:trust_fund_contribution · as\u00a0of\u00a013\u00a0Dec\u00a02016');
  });
});

describe('French country names', () => {
  it('take their article and contract with the preposition, as on paper (domain.FrenchIn)', () => {
    expect(frenchIn('envers', 'le', 'Niger')).toBe('envers le Niger');
    expect(frenchIn('envers', 'la', 'Tunisie')).toBe('envers la Tunisie');
    expect(frenchIn('envers', 'l’', 'Égypte')).toBe('envers l’Égypte');
    expect(frenchIn('envers', 'les', 'Comores')).toBe('envers les Comores');
    expect(frenchIn('de', 'le', 'Niger')).toBe('du Niger');
    expect(frenchIn('de', 'les', 'États-Unis')).toBe('des États-Unis');
    expect(frenchIn('de', '', 'Israël')).toBe('d’Israël');
    expect(frenchIn('de', '', 'Cuba')).toBe('de Cuba');
    expect(frenchIn('à', 'le', 'Niger')).toBe('au Niger');
  });

  it('name the brief\'s country with its article in French only, a recorded name as recorded', () => {
    const niger = { name: 'Niger', named: true, article_fr: 'le' };
    expect(countryIn('', niger, 'fr')).toBe('le Niger');
    expect(capitalise(countryIn('de', niger, 'fr'))).toBe('Du Niger');
    expect(countryIn('', niger, 'en')).toBe('Niger');
    // A title of the party's own is quoted in a French sentence, as any party's own title is.
    expect(countryIn('', { name: 'Niger Coast Guard', named: false, article_fr: 'le' }, 'fr')).toBe('«\u00a0Niger Coast Guard\u00a0»');
    expect(countryIn('de', { name: 'Niger Coast Guard', named: false, article_fr: 'le' }, 'fr')).toBe('de «\u00a0Niger Coast Guard\u00a0»');
    expect(countryIn('', { name: 'Niger Coast Guard', named: false, article_fr: 'le' }, 'en')).toBe('Niger Coast Guard');
    expect(countryPlural({ name: 'Pays-Bas', named: true, article_fr: 'les' }, 'fr')).toBe(true);
    expect(countryPlural({ name: 'Pays-Bas', named: true, article_fr: 'les' }, 'en')).toBe(false);
  });
});

// The countries as the schema gives them: display names, French article, and the other names a
// party may be titled by (Meta.Schema().countries[].aliases); anything else is an organisation or
// a title of the party's own.
const countryTable: [string, string, string, string, ...string[]][] = [
  ['TUN', 'Tunisia', 'Tunisie', 'la', 'Republic of Tunisia'],
  ['EGY', 'Egypt', 'Égypte', 'l’'],
  ['DEU', 'Germany', 'Allemagne', 'l’'],
  ['MAR', 'Morocco', 'Maroc', 'le', 'Kingdom of Morocco'],
  ['COM', 'Comoros', 'Comores', 'les'],
  ['NLD', 'Netherlands', 'Pays-Bas', 'les'],
  ['MLT', 'Malta', 'Malte', ''],
  ['CYP', 'Cyprus', 'Chypre', ''],
  ['CUB', 'Cuba', 'Cuba', ''],
  ['MDG', 'Madagascar', 'Madagascar', ''],
  ['ISR', 'Israel', 'Israël', ''],
  ['TCD', 'Chad', 'Tchad', 'le'],
  ['NER', 'Niger', 'Niger', 'le'],
  ['RUS', 'Russian Federation', 'Fédération de Russie', 'la', 'Russie, Fédération de', 'Russia', 'Russie'],
  ['PSE', 'State of Palestine', 'État de Palestine', 'l’', 'Palestine, State of', 'Palestine, État de', 'Palestine'],
  ['SYR', 'Syrian Arab Republic', 'République arabe syrienne', 'la', 'Syria', 'Syrienne, République arabe'],
  ['IRN', 'Iran', 'Iran', 'l’', 'Iran, République islamique d\'', 'Iran, Islamic Republic of'],
  ['USA', 'United States', 'États-Unis', 'les', 'United States of America'],
  ['COD', 'Democratic Republic of the Congo', 'République démocratique du Congo', 'la', 'Congo, The Democratic Republic of the'],
];
const byAnyName = new Map(countryTable.flatMap(([alpha3, name, name_fr, article_fr, ...aliases]) => [name, name_fr, ...aliases].map((n) => [n, { alpha3, name, name_fr, article_fr }] as const)));
const of = (n: string) => byAnyName.get(n);

describe('the brief\'s country', () => {
  it('is named by its display name in the reader\'s language when its party is titled by one of its names (Lang.country)', () => {
    const cases: [string, string, string, string, string, boolean][] = [
      // title, iso3, article, English, French, named
      ['Niger', 'NER', 'le', 'Niger', 'Niger', true],
      ['Russie, Fédération de', 'RUS', 'la', 'Russian Federation', 'Fédération de Russie', true],
      ['Russian Federation', 'RUS', 'la', 'Russian Federation', 'Fédération de Russie', true],
      ['Palestine, State of', 'PSE', 'l’', 'State of Palestine', 'État de Palestine', true],
      ['United States of America', 'USA', 'les', 'United States', 'États-Unis', true],
      ['Libyan Coast Guard', 'LBY', 'la', 'Libyan Coast Guard', 'Libyan Coast Guard', false],
      // A name of another country is the party's own title here.
      ['Tunisia', 'LBY', 'la', 'Tunisia', 'Tunisia', false],
    ];
    for (const [country, iso3, article_fr, en, fr, named] of cases) {
      const h = { country, iso3, article_fr };
      expect(briefCountry(h, of, 'en'), country).toEqual({ name: en, named, article_fr });
      expect(briefCountry(h, of, 'fr'), country).toEqual({ name: fr, named, article_fr });
    }
    const rus = briefCountry({ country: 'Russie, Fédération de', iso3: 'RUS', article_fr: 'la' }, of, 'fr');
    expect(capitalise(countryIn('', rus, 'fr'))).toBe('La Fédération de Russie');
    expect(countryIn('de', rus, 'fr')).toBe('de la Fédération de Russie');
    const pse = briefCountry({ country: 'Palestine, State of', iso3: 'PSE', article_fr: 'l’' }, of, 'fr');
    expect(countryIn('de', pse, 'fr')).toBe('de l’État de Palestine');
    const usa = briefCountry({ country: 'United States of America', iso3: 'USA', article_fr: 'les' }, of, 'fr');
    expect(countryPlural(usa, 'fr')).toBe(true);
    expect(countryIn('de', usa, 'fr')).toBe('des États-Unis');
  });
});

describe('lists of parties in a sentence', () => {
  it('read as French, as on paper (Lang.partiesIn): articles, contractions after de, et before the last', () => {
    const cases: [string, string[], string, string][] = [
      ['', ['Tunisia', 'Egypt'], 'Egypt, Tunisia', 'l’Égypte et la Tunisie'],
      ['', ['Morocco'], 'Morocco', 'le Maroc'],
      ['', ['Tunisia', 'Egypt', 'European Commission'], 'Egypt, European Commission, Tunisia', 'l’Égypte, « European Commission » et la Tunisie'],
      ['', ['Tunisia', 'Germany', 'European Union', 'Egypt'], 'Egypt, European Union, Germany, Tunisia', 'l’Allemagne, l’Égypte, « European Union » et la Tunisie'],
      ['', ['Netherlands', 'Malta', 'Comoros', 'Cyprus', 'Madagascar', 'Cuba'], 'Comoros, Cuba, Cyprus, Madagascar, Malta, Netherlands', 'Chypre, les Comores, Cuba, Madagascar, Malte et les Pays-Bas'],
      ['de', ['Tunisia', 'Morocco'], 'Morocco, Tunisia', 'du Maroc et de la Tunisie'],
      ['de', ['Egypt', 'Comoros', 'Malta'], 'Comoros, Egypt, Malta', 'des Comores, de l’Égypte et de Malte'],
      // A party that is not a country is quoted after "de", whatever its name (as on paper).
      ['de', ['European Union'], 'European Union', 'de « European Union »'],
      ['de', ['Organisation internationale pour les migrations'], 'Organisation internationale pour les migrations', 'de « Organisation internationale pour les migrations »'],
      ['de', ['Israel', 'Frontex'], 'Frontex, Israel', 'de « Frontex » et d’Israël'],
      ['de', ['Morocco', 'European Commission'], 'European Commission, Morocco', 'de « European Commission » et du Maroc'],
      ['', ['Tunisian Coast Guard', 'Chad'], 'Chad, Tunisian Coast Guard', 'le Tchad et « Tunisian Coast Guard »'],
      // Any name of a country stands for it, shown by its display name (as lang_test.go).
      ['', ['Republic of Tunisia', 'Chad'], 'Chad, Tunisia', 'le Tchad et la Tunisie'],
      ['de', ['Russian Federation', 'Palestine, State of'], 'Russian Federation, State of Palestine', 'de l’État de Palestine et de la Fédération de Russie'],
      ['', ['Syria', 'Iran, Islamic Republic of', 'United States of America'], 'Iran, Syrian Arab Republic, United States', 'les États-Unis, l’Iran et la République arabe syrienne'],
      ['à', ['Russie'], 'Russian Federation', 'à la Fédération de Russie'],
      ['', [], '', ''],
    ];
    for (const [prep, names, en, fr] of cases) {
      expect(partiesIn(prep, names, of, 'en'), `en ${names}`).toBe(en);
      expect(partiesIn(prep, names, of, 'fr').replaceAll('\u00a0', ' '), `fr ${names}`).toBe(fr);
    }
    expect(partyIn('à', 'Morocco', of, 'fr')).toBe('au Maroc');
    expect(partyIn('à', 'Comoros', of, 'fr')).toBe('aux Comores');
    expect(partyIn('de', 'Netherlands', of, 'fr')).toBe('des Pays-Bas');
    expect(partyIn('', 'Cyprus', of, 'fr')).toBe('Chypre');
    // A party's own title is quoted after any preposition, or none, as after "de".
    expect(partyIn('', 'Frontex', of, 'fr')).toBe('«\u00a0Frontex\u00a0»');
    expect(partyIn('à', 'Frontex', of, 'fr')).toBe('à «\u00a0Frontex\u00a0»');
    expect(partyIn('', 'Frontex', of, 'en')).toBe('Frontex');
  });

  it('name the other parties of a partnership with their roles, ordered as the reader reads them', () => {
    const others = [
      { name: 'Tunisia', roles: ['member'] },
      { name: 'European Union', roles: ['lead'] },
      { name: 'Germany', roles: ['member'] },
    ];
    const fr = (r: string) => ({ member: 'membre', lead: 'chef de file' })[r] ?? r;
    expect(othersWithRoles(others, fr, of, 'fr').replaceAll('\u00a0', ' ')).toBe('l’Allemagne (membre), « European Union » (chef de file) et la Tunisie (membre)');
    expect(othersWithRoles(others, (r) => r, of, 'en')).toBe('European Union (lead), Germany (member), Tunisia (member)');
  });

  it('sort by the text shown in the reader\'s language: É with E, Allemagne before Égypte', () => {
    const fr = (n: string) => of(n)?.name_fr ?? n;
    expect(byShown(['Tunisia', 'Egypt', 'Germany', 'Chad'], fr, 'fr')).toEqual(['Germany', 'Egypt', 'Chad', 'Tunisia']);
    expect(byShown(['Zambie', 'Égypte', 'Espagne', 'Danemark', 'Érythrée'], (x) => x, 'fr')).toEqual(['Danemark', 'Égypte', 'Érythrée', 'Espagne', 'Zambie']);
    expect(listText(['a'], 'fr')).toBe('a');
    expect(listText(['a', 'b', 'c'], 'en')).toBe('a, b, c');
  });
});

describe('changes since the last meeting', () => {
  const tr = (key: string, vars: Record<string, string> = {}) => key + JSON.stringify(vars);
  const label = (list: string, v: string) => `${list}:${v}`;
  const field = (kind: string, name: string) => `field:${kind}.${name}`;
  const base = { at: '2026-05-01T10:00:00Z', author: 'A. Benali', record: { id: 'x', title: 'T' }, kind: 'commitment' };
  it('words each kind of change with the facts\' codes translated', () => {
    expect(changeText({ ...base, what: 'created' }, 'en', tr, label, field)).toBe('brief.change_created{}');
    expect(changeText({ ...base, what: 'status', old: 'agreed', new: 'delivered' }, 'en', tr, label, field)).toBe(
      'brief.change_status{"old":"commitment_status:agreed","new":"commitment_status:delivered"}',
    );
    expect(changeText({ ...base, kind: 'partnership', what: 'status', old: '', new: 'active' }, 'en', tr, label, field)).toBe(
      'brief.change_status{"old":"brief.change_none{}","new":"partnership_status:active"}',
    );
    expect(changeText({ ...base, what: 'due', old: '2026-06-30', new: '2026-12-31' }, 'fr', tr, label, field)).toBe('brief.change_due{"old":"30 juin 2026","new":"31 déc. 2026"}');
    expect(changeText({ ...base, what: 'funding', funding: [{ amount: 30000000, currency: 'EUR', state: 'disbursed' }] }, 'en', tr, label, field)).toBe(
      'brief.change_funding{"list":"EUR\u00a030,000,000 funding_state:disbursed"}',
    );
    expect(changeText({ ...base, what: 'edited', fields: ['text', 'title'] }, 'en', tr, label, field)).toBe('brief.change_edited{"fields":"field:commitment.text, field:commitment.title"}');
    expect(changeText({ ...base, what: 'conflict', fields: ['status'] }, 'en', tr, label, field)).toBe('⚠ brief.change_conflict{"fields":"field:commitment.status"}');
  });

  it('words a change made at the same time as another by what its author wrote, never old → new (Lang.change)', () => {
    expect(changeText({ ...base, what: 'status', new: 'stalled', same_time: true }, 'fr', words('fr'), (_l, v) => translate('fr', `opt.commitment_status.${v}` as MessageKey), field)).toBe(
      'Statut : valeur saisie « Au point mort », en même temps qu’une autre modification',
    );
    expect(changeText({ ...base, what: 'due', new: '2027-12-31', same_time: true }, 'en', tr, label, field)).toBe('brief.change_due_same_time{"value":"31 Dec 2027"}');
    expect(changeText({ ...base, what: 'funding', funding: [{ amount: 4000000, currency: 'EUR', state: 'committed' }], same_time: true }, 'en', tr, label, field)).toBe(
      'brief.change_funding_same_time{"list":"EUR\u00a04,000,000 funding_state:committed"}',
    );
    // The amount's party as the PDF names it (Lang.party): a country's party in the reader's language.
    expect(changeText({ ...base, what: 'funding', funding: [{ amount: 4000000, currency: 'EUR', state: 'committed', country_name: 'Libya' }] }, 'fr', tr, label, field, (n) => (n === 'Libya' ? 'Libye' : n))).toBe(
      'brief.change_funding{"list":"4\u00a0000\u00a0000\u00a0EUR funding_state:committed · Libye"}',
    );
  });

  // The walk of 5 December 2026: an amount corrected from 60 to 75 million read « Financement
  // ajouté : 75 000 000 EUR décaissé », as if 75 million more had been paid (Lang.change).
  it('words a changed amount as old → new and a line taken out as removed, never as added', () => {
    const fr = words('fr');
    const lab = (_l: string, v: string) => translate('fr', `opt.funding_state.${v}` as MessageKey).toLowerCase();
    const d60 = { amount: 60000000, currency: 'EUR', state: 'disbursed' };
    const d75 = { amount: 75000000, currency: 'EUR', state: 'disbursed' };
    expect(changeText({ ...base, what: 'funding', funding: [d75], funding_before: [d60] }, 'fr', fr, lab, field).replaceAll('\u00a0', ' ')).toBe(
      'Financement modifié : 60 000 000 EUR décaissé → 75 000 000 EUR décaissé',
    );
    expect(changeText({ ...base, what: 'funding', funding_before: [d60] }, 'en', tr, label, field)).toBe(
      'brief.change_funding_removed{"list":"EUR\u00a060,000,000 funding_state:disbursed"}',
    );
    expect(changeText({ ...base, what: 'funding', funding: [d75] }, 'en', tr, label, field)).toBe('brief.change_funding{"list":"EUR\u00a075,000,000 funding_state:disbursed"}');
  });

  it('words a competing value of Open conflicts as the PDF does (Lang.conflictValue)', () => {
    const status = { name: 'status', type: 'enum', list: 'commitment_status' };
    expect(conflictValueText('stalled', status, 'fr', tr, label)).toBe('commitment_status:stalled');
    expect(conflictValueText('2027-06-30', { name: 'due', type: 'date', list: null }, 'fr', tr, label)).toBe('30 juin 2027');
    expect(conflictValueText('(empty)', { name: 'due', type: 'date', list: null }, 'fr', tr, label)).toBe('brief.conflict_empty{}');
    expect(conflictValueText('deleted', { name: 'deleted', list: null }, 'fr', tr, label)).toBe('brief.change_deleted{}');
    expect(conflictValueText('stalled', { name: 'title', type: 'text', list: null }, 'fr', tr, label)).toBe('stalled');
    expect(conflictValueText('stalled', status, 'fr', words('fr'), (_l, v) => translate('fr', `opt.commitment_status.${v}` as MessageKey))).toBe('Au point mort');
  });

  // Words from the catalogues, so that the screen's line is the one render.go prints (the PDF
  // side: TestGeneratedAndSinceTitleAsOnScreen in app/brief).
  const words = (L: 'en' | 'fr') => (k: string, v?: Record<string, string>) => translate(L, k as MessageKey, v);

  // The same lines as the PDF's Open conflicts (TestListConflictValuesWorded and
  // TestConflictEntriesInTheReadersWords in app/brief): never JSON, a long list cut.
  it('words a list value of Open conflicts entry by entry, as the PDF does (Lang.conflictEntries)', () => {
    const opt = (L: 'en' | 'fr') => (list: string, v: string) => translate(L, `opt.${list}.${v}` as MessageKey);
    const at = { author: 'Secretariat', at: '2026-12-03T17:45:00Z' };
    const pledged = (n: number) => ({ amount: n, currency: 'EUR', state: 'pledged' });
    const funding = { ...at, value: '', funding: [pledged(100000), pledged(200000), pledged(300000)], more: 2 };
    expect(conflictEntriesText(funding, 'en', words('en'), opt('en'))).toEqual(['EUR\u00a0100,000 pledged', 'EUR\u00a0200,000 pledged', 'EUR\u00a0300,000 pledged']);
    expect(conflictNotesText(funding, 'en', words('en'))).toEqual(['… and 2 more']);
    expect(conflictEntriesText(funding, 'fr', words('fr'), opt('fr'))).toEqual(['100\u00a0000\u00a0EUR annoncé', '200\u00a0000\u00a0EUR annoncé', '300\u00a0000\u00a0EUR annoncé']);
    expect(conflictNotesText(funding, 'fr', words('fr'))).toEqual(['… et 2 autres']);
    // What differs from the other value, marked as the Conflicts screen marks it, the lines
    // alike counted (TestListConflictDiffPastTheThirdLine).
    const fifth = { ...at, value: '', funding: [{ amount: 500000, currency: 'EUR', state: 'disbursed' }], marks: [{ mark: 'changed' as const, parts: ['amount', 'as_of'] }], alike: 4 };
    expect(conflictEntriesText(fifth, 'en', words('en'), opt('en'))).toEqual(['Changed: amount, as of — EUR\u00a0500,000 disbursed']);
    expect(conflictNotesText(fifth, 'en', words('en'))).toEqual(['4 more entries alike']);
    expect(conflictEntriesText(fifth, 'fr', words('fr'), opt('fr'))).toEqual(['Modification : montant, au — 500\u00a0000\u00a0EUR décaissé']);
    expect(conflictNotesText({ ...fifth, alike: 1 }, 'fr', words('fr'))).toEqual(['1 autre entrée identique']);
    // A part the line does not print (a source, a note) is given after it when it changed.
    const sourced = { ...at, value: '', funding: [{ amount: 8, currency: 'EUR', state: 'pledged', source: 'Annex II' }], marks: [{ mark: 'changed' as const, parts: ['source'] }] };
    expect(conflictEntriesText(sourced, 'en', words('en'), opt('en'))).toEqual(['Changed: source — EUR\u00a08 pledged · Source: Annex II']);
    expect(conflictEntriesText({ ...sourced, funding: [pledged(8)] }, 'fr', words('fr'), opt('fr'))).toEqual(['Modification : source — 8\u00a0EUR annoncé · Source : (vide)']);
    const noted = { ...at, value: '', indicators: [{ name: 'Returns', unit: '', note: 'provisional', commitment: { id: 'c', title: 'Readmission dialogue' } }], marks: [{ mark: 'changed' as const, parts: ['note'] }] };
    expect(conflictEntriesText(noted, 'en', words('en'), opt('en'))).toEqual(['Changed: note — Returns · Note: provisional']);
    const gone = { ...at, value: '', indicators: [{ name: 'Returns', unit: '', commitment: { id: 'c', title: 'Readmission dialogue' } }], marks: [{ mark: 'removed' as const }] };
    expect(conflictEntriesText(gone, 'fr', words('fr'), opt('fr'))).toEqual(['Retrait — Returns']);
    expect(conflictNotesText({ ...funding, reordered: true }, 'en', words('en'))).toEqual(['… and 2 more', 'The same entries as the other value, in another order.']);
    const one = { ...at, value: '', funding: [{ amount: 1200000, currency: 'EUR', state: 'committed', as_of: '2026-11-30' }] };
    expect(conflictEntriesText(one, 'fr', words('fr'), opt('fr'))).toEqual(['1\u00a0200\u00a0000\u00a0EUR engagé · au\u00a030\u00a0nov.\u00a02026']);
    // A line for a country names it, in the reader's language (partyLabel), before its date.
    const libye = (name: string) => (name === 'Libya' ? 'Libye' : name);
    const forLby = { ...at, value: '', funding: [{ amount: 6000000, currency: 'EUR', state: 'committed', country: 'p1', country_name: 'Libya', as_of: '2026-11-30' }] };
    expect(conflictEntriesText(forLby, 'en', words('en'), opt('en'))).toEqual(['EUR\u00a06,000,000 committed · Libya · as\u00a0of\u00a030\u00a0Nov\u00a02026']);
    expect(conflictEntriesText(forLby, 'fr', words('fr'), opt('fr'), libye)).toEqual(['6\u00a0000\u00a0000\u00a0EUR engagé · Libye · au\u00a030\u00a0nov.\u00a02026']);
    const ind = { name: 'Returns', unit: 'people', target: 60000, actual: 53000, as_of: '2026-11-13', commitment: { id: 'c', title: 'Readmission dialogue' } };
    expect(conflictEntriesText({ ...at, value: '', indicators: [ind] }, 'en', words('en'), opt('en'))).toEqual(['Returns: 53,000 people; target 60,000 people; as of 13 Nov 2026']);
    expect(conflictEntriesText({ ...at, value: '', indicators: [ind] }, 'fr', words('fr'), opt('fr'))).toEqual([
      'Returns : 53\u00a0000 people\u00a0; cible 60\u00a0000 people\u00a0; au 13 nov. 2026',
    ]);
    const sessions = { ...at, value: '', sessions: [{ title: 'Table ronde 4', start: '2026-12-09T13:30', end: '2026-12-09T15:10' }], more: 1 };
    expect(conflictEntriesText(sessions, 'fr', words('fr'), opt('fr'))).toEqual(['Table ronde 4 (9 déc., 13:30–15:10)']);
    expect(conflictNotesText(sessions, 'fr', words('fr'))).toEqual(['… et 1 autre']);
    expect(conflictEntriesText({ ...at, value: '', entries: ['We support the Rabat Process.'], more: 4 }, 'en', words('en'), opt('en'))).toEqual(['We support the Rabat Process.']);
    expect(conflictNotesText({ ...at, value: '', entries: ['We support the Rabat Process.'], more: 4 }, 'en', words('en'))).toEqual(['… and 4 more']);
    expect(conflictEntriesText({ ...at, value: '(empty)' }, 'fr', words('fr'), opt('fr'))).toEqual([]);
    expect(conflictNotesText({ ...at, value: '(empty)' }, 'fr', words('fr'))).toEqual([]);
  });

  it('writes "Generated" as the PDF does: UTC stamp, then by whom', () => {
    const h = { generated_at: '2026-03-12T14:05:59Z', generated_by: 'Amina Benali' };
    expect(generatedText(h, 'en', words('en'))).toBe('12 Mar 2026 14:05 UTC by Amina Benali');
    expect(generatedText(h, 'fr', words('fr'))).toBe('12 mars 2026 14:05 UTC par Amina Benali');
    expect(generatedText({ ...h, generated_by: '' }, 'fr', words('fr'))).toBe('12 mars 2026 14:05 UTC');
  });

  it('titles section 2 with the date the changes start from when one was asked for', () => {
    const date = { from: '2026-03-01T00:00:00Z', changes: [] };
    expect(sinceTitle(date, 'en', words('en'))).toBe('Since 1 March 2026');
    expect(sinceTitle(date, 'fr', words('fr'))).toBe('Depuis le 1er mars 2026');
    expect(sinceTitle({ from: '2026-03-12T00:00:00Z' }, 'fr', words('fr'))).toBe('Depuis le 12 mars 2026');
    const meeting = { from: '2026-03-12T08:00:00Z', meeting: { id: 'm', title: 'Rabat', start_day: '2026-03-12', end_day: '2026-03-12' } };
    expect(sinceTitle(meeting, 'en', words('en'))).toBe('Since the last meeting');
    expect(sinceTitle(meeting, 'fr', words('fr'))).toBe('Depuis la dernière réunion');
    expect(sinceTitle({ from: '' }, 'fr', words('fr'))).toBe('Depuis la dernière réunion');
  });

  it('numbers the sections as the PDF does', () => {
    expect(BRIEF_SECTIONS.length).toBe(11);
    expect(sectionNumber('since')).toBe(2);
    expect(sectionNumber('commitments')).toBe(6);
    expect(sectionNumber('provenance')).toBe(11);
  });
});

describe('emptyBriefs', () => {
  const counts = (alpha3: string, n: number) => ({ alpha3, partnerships: 0, commitments: n, meetings: 0, interventions: 0 });
  it('names the chosen countries no record involves, in the order chosen', () => {
    const list = [counts('MAR', 3), counts('ITA', 0), counts('LBY', 1)];
    expect(emptyBriefs(['MAR', 'COM', 'ITA', 'LBY'], list)).toEqual(['COM', 'ITA']);
    expect(emptyBriefs(['MAR'], list)).toEqual([]);
    expect(emptyBriefs([], list)).toEqual([]);
  });
});

describe('withMeetingCountries', () => {
  it('keeps a country added before the meeting countries arrived, after them', () => {
    const added = [{ code: 'DEU', on: true, fromMeeting: false }];
    expect(withMeetingCountries(['MAR', 'TUN'], added)).toEqual([
      { code: 'MAR', on: true, fromMeeting: true },
      { code: 'TUN', on: true, fromMeeting: true },
      { code: 'DEU', on: true, fromMeeting: false },
    ]);
  });
  it('does not list a country twice when the user added one the meeting has', () => {
    const added = [{ code: 'MAR', on: false, fromMeeting: false }];
    expect(withMeetingCountries(['MAR'], added)).toEqual([{ code: 'MAR', on: true, fromMeeting: true }]);
  });
});

describe('pointsMeta', () => {
  it('joins what is known of a talking point and starts with a capital, as the PDF does', () => {
    expect(pointsMeta(['', 'orateur : Test speaker', '', 'éléments qui mentionnent le Maroc'])).toBe('Orateur : Test speaker · éléments qui mentionnent le Maroc');
    expect(pointsMeta(['Roundtable 4', 'speaker EEAS', '', 'its own points'])).toBe('Roundtable 4 · speaker EEAS · its own points');
    expect(pointsMeta(['', '', '', 'every point'])).toBe('Every point');
  });
});

describe('countryPlural', () => {
  it('a French name with « les » takes a plural verb, as in the PDF', () => {
    const h = (name: string, article: string) => ({ name, named: true, article_fr: article });
    const glance = (name: string, article: string, L: 'en' | 'fr') =>
      tn(countryPlural(h(name, article), L) ? 'brief.glance_part_plural' : 'brief.glance_part', 2, { country: capitalise(countryIn('', h(name, article), L)) }, L);
    expect(glance('Pays-Bas', 'les', 'fr')).toBe('Les Pays-Bas participent à 2 partenariats et dialogues.');
    expect(glance('Maroc', 'le', 'fr')).toBe('Le Maroc participe à 2 partenariats et dialogues.');
    expect(glance('Netherlands', 'les', 'en')).toBe('Netherlands takes part in 2 partnerships and dialogues.');
    // A name recorded on the party is printed as recorded, without an article: singular.
    expect(countryPlural({ name: 'Dutch Coast Guard', named: false, article_fr: 'les' }, 'fr')).toBe(false);
    expect(glance('États-Unis', 'les', 'fr')).toBe('Les États-Unis participent à 2 partenariats et dialogues.');
  });
});

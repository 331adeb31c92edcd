import { describe, expect, it } from 'vitest';
import { cssString, dateLabel, emptyBriefs, printStyle, quantityLabel, valueOfLabel } from './brief';

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

describe('labels of the facts', () => {
  it('leaves English as the PDF prints it', () => {
    expect(dateLabel('since Nov 2017', 'en')).toBe('since Nov 2017');
    expect(quantityLabel('53,000 people', 'en')).toBe('53,000 people');
  });

  it('re-words dates and periods in French', () => {
    expect(dateLabel('13 November 2020', 'fr')).toBe('13 novembre 2020');
    expect(dateLabel('12–13 November 2020', 'fr')).toBe('12–13 novembre 2020');
    expect(dateLabel('since Nov 2017', 'fr')).toBe('depuis nov. 2017');
    expect(dateLabel('Jul 2006 – Dec 2020', 'fr')).toBe('juil. 2006 – déc. 2020');
    expect(dateLabel('until May 2021', 'fr')).toBe('jusqu’en mai 2021');
    expect(dateLabel('since 2017 · as of 13 Nov 2020', 'fr')).toBe('depuis 2017 · au 13 nov. 2020');
    expect(dateLabel('13 Nov, 13:30–15:10', 'fr')).toBe('13 nov., 13:30–15:10');
    expect(dateLabel('28 Nov 2026 18:43 UTC', 'fr')).toBe('28 nov. 2026 18:43 UTC');
  });

  it('writes numbers the French way', () => {
    expect(quantityLabel('53,000 people', 'fr')).toBe('53 000 people');
    expect(quantityLabel('baseline 0 → target 60,000 people', 'fr')).toBe('référence 0 → cible 60 000 people');
    expect(quantityLabel('EUR 2,500,000', 'fr')).toBe('EUR 2 500 000');
    expect(quantityLabel('12.5%', 'fr')).toBe('12,5 %');
    expect(quantityLabel('1,234.56 km', 'fr')).toBe('1 234,56 km');
  });

  it('finds a theme by its English label', () => {
    const opts = [{ value: 'human_rights', label: 'Human rights of migrants' }];
    expect(valueOfLabel(opts, 'Human rights of migrants')).toBe('human_rights');
    expect(valueOfLabel(opts, 'Other')).toBeUndefined();
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

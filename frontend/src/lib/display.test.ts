import { afterEach, describe, expect, it } from 'vitest';
import { valueText } from './display.svelte';
import { indicatorLineText } from './brief';
import { setLocale, t } from './i18n/index.svelte';
import { semicolon } from './format';
import type { Indicator } from './types';

// An indicator side of a conflict (and a change in the history) is worded as the brief words
// it, with the date of its value: the same words on every screen.
describe('indicators as text', () => {
  afterEach(() => setLocale('en'));
  const returns: Indicator = {
    name: 'Voluntary returns',
    unit: 'people',
    baseline: 0,
    target: 60000,
    values: [
      { actual: 41000, as_of: '2025-06-30' },
      { actual: 53000, as_of: '2026-11-13' },
    ],
  };
  const older: Indicator = { name: 'Reintegration', unit: 'people', actual: 1200, as_of: '2024-01-01' };

  it('names the date of the value, in English and in French, one indicator a line', () => {
    expect(valueText('commitment', 'indicators', [returns, older])).toBe(
      'Voluntary returns: 53,000 people; baseline 0 people → target 60,000 people; as of 13 Nov 2026\nReintegration: 1,200 people; as of 1 Jan 2024',
    );
    setLocale('fr');
    expect(valueText('commitment', 'indicators', [returns])).toBe(
      `Voluntary returns : 53\u00a0000 people${semicolon('fr')}référence 0 people → cible 60\u00a0000 people${semicolon('fr')}au 13 nov. 2026`,
    );
  });

  it('is the brief’s wording of the same facts', () => {
    const facts = { name: returns.name, unit: 'people', baseline: 0, target: 60000, actual: 53000, as_of: '2026-11-13', commitment: { id: 'c', title: 'x' } };
    expect(valueText('commitment', 'indicators', [returns])).toBe(indicatorLineText(facts as never, 'en', (k, v) => t(k as never, v)));
  });
});

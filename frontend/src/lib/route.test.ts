import { describe, expect, it } from 'vitest';
import { buildHash, parseHash, KIND_ROUTES, ROUTE_KINDS } from './route';

describe('hash routes', () => {
  it('parses paths and queries', () => {
    expect(parseHash('#/commitments?status=stalled&country=LBY')).toEqual({ parts: ['commitments'], query: { status: 'stalled', country: 'LBY' } });
    expect(parseHash('#/record/0192-abc')).toEqual({ parts: ['record', '0192-abc'], query: {} });
    expect(parseHash('')).toEqual({ parts: [], query: {} });
    expect(parseHash('#/')).toEqual({ parts: [], query: {} });
    expect(parseHash('#/country/LBY?')).toEqual({ parts: ['country', 'LBY'], query: {} });
  });

  it('drops empty query values and round-trips', () => {
    const h = buildHash(['commitments'], { q: 'return readmission', status: '', theme: undefined });
    expect(h).toBe('#/commitments?q=return+readmission');
    expect(parseHash(h)).toEqual({ parts: ['commitments'], query: { q: 'return readmission' } });
  });

  it('encodes path segments', () => {
    expect(buildHash(['country', "Côte d'Ivoire"])).toBe("#/country/C%C3%B4te%20d'Ivoire");
    expect(parseHash(buildHash(['country', "Côte d'Ivoire"])).parts).toEqual(['country', "Côte d'Ivoire"]);
  });

  it('has a list route per kind', () => {
    expect(KIND_ROUTES.party).toBe('parties');
    expect(ROUTE_KINDS.commitments).toBe('commitment');
  });
});

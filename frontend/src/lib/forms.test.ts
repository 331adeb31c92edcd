import { describe, expect, it } from 'vitest';
import {
  buildPayload,
  editorOf,
  firstInvalid,
  normaliseDateOrDateTime,
  normaliseIndicator,
  normalisePath,
  placeErrors,
  proposeCountries,
  afterTagsEdited,
  proposedFrom,
  restoredProposal,
  startProposal,
  toFormValue,
  topField,
  fromFormValue,
  type FormValues,
  type IndicatorForm,
  type TagProposal,
} from './forms';
import type { Field } from './types';

const f = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({ name, label: name, type, required: false, ...extra });

const commitment: Field[] = [
  f('title', 'text', { required: true }),
  f('text', 'longtext'),
  f('partnership', 'ref', { ref: 'partnership' }),
  f('committed_by', 'set', { ref: 'party', elem: 'string' }),
  f('themes', 'set', { elem: 'string' }),
  f('status', 'enum', { required: true, options: [{ value: 'agreed', label: 'Agreed' }] }),
  f('due', 'date'),
  f('indicators', 'list'),
];

describe('placing field errors', () => {
  it('puts each message on its field', () => {
    const p = placeErrors({ due: 'is not a date', title: 'is required' }, commitment.map((x) => x.name));
    expect(p.byPath).toEqual({ due: 'is not a date', title: 'is required' });
    expect([...p.fields].sort()).toEqual(['due', 'title']);
    expect(p.general).toEqual([]);
  });

  it('places nested paths and marks their field', () => {
    const p = placeErrors({ 'indicators[0].unit': 'is required when…', 'indicators.1.name': 'is required' }, ['indicators']);
    expect(p.byPath).toEqual({ 'indicators[0].unit': 'is required when…', 'indicators[1].name': 'is required' });
    expect(p.fields.has('indicators')).toBe(true);
  });

  it('keeps messages for fields the form does not have as general', () => {
    const p = placeErrors({ kind: 'not a kind', '0.title': 'is required' }, ['title']);
    expect(p.byPath).toEqual({});
    expect(p.general).toEqual(['kind: not a kind', '0.title: is required']);
  });

  it('finds the first invalid field in form order', () => {
    const order = commitment.map((x) => x.name);
    expect(firstInvalid(placeErrors({ due: 'x', title: 'y' }, order), order)).toBe('title');
    expect(firstInvalid(placeErrors({}, order), order)).toBeNull();
  });

  it('normalises paths', () => {
    expect(normalisePath('parties.2.party')).toBe('parties[2].party');
    expect(normalisePath('points.3')).toBe('points[3]');
    expect(normalisePath('title')).toBe('title');
    expect(topField('sessions[0].end')).toBe('sessions');
  });
});

describe('editing values', () => {
  it('chooses an editor per schema type', () => {
    expect(editorOf(f('parties', 'set', { elem: 'party_role' }))).toBe('roles');
    expect(editorOf(f('themes', 'set', { elem: 'string' }))).toBe('chips');
    expect(editorOf(f('points', 'list'))).toBe('points');
    expect(editorOf(f('sessions', 'list'))).toBe('rows');
    expect(editorOf(f('due', 'date'))).toBe('date');
    expect(editorOf(f('indicators', 'list'))).toBe('indicators');
    expect(editorOf(f('funding', 'list'))).toBe('rows');
    expect(editorOf(f('start', 'date_or_datetime'))).toBe('date_or_datetime');
    expect(editorOf(f('time_zone', 'text'))).toBe('timezone');
  });

  it('shows indicator numbers in the reader’s locale and reads them back, the old single value as the first of the series', () => {
    const ind = f('indicators', 'list');
    const v = toFormValue(ind, [{ name: 'Returns', unit: 'people', actual: 53000, as_of: '2020-11-13' }], 'fr') as IndicatorForm[];
    expect(v[0].cells.name).toBe('Returns');
    expect(v[0].cells.target).toBe('');
    expect(v[0].values).toEqual([{ actual: '53 000', as_of: '13/11/2020', country: '', note: '' }]);
    const back = fromFormValue(ind, v, 'fr', 'NaN');
    expect(back.value).toEqual([{ name: 'Returns', unit: 'people', values: [{ actual: 53000, as_of: '2020-11-13' }] }]);
    expect(back.errors).toEqual({});
  });

  it('keeps a series by country and drops empty value rows', () => {
    const ind = f('indicators', 'list');
    const stored = [{ name: 'Returnees', unit: 'people', source: 'IOM', values: [{ actual: 30000, as_of: '2020-11-13', country: 'ner' }] }];
    const v = toFormValue(ind, stored, 'en') as IndicatorForm[];
    v[0].values.push({ actual: '', as_of: '', country: '', note: '' });
    v[0].values.push({ actual: '12,000', as_of: '2020-11-13', country: 'mli', note: '' });
    expect(fromFormValue(ind, v, 'en', 'NaN').value).toEqual([
      { name: 'Returnees', unit: 'people', source: 'IOM', values: [{ actual: 30000, as_of: '2020-11-13', country: 'ner' }, { actual: 12000, as_of: '2020-11-13', country: 'mli' }] },
    ]);
  });

  it('reports a number that is not one, at its path', () => {
    const c = fromFormValue(f('indicators', 'list'), [{ cells: { name: 'X', target: 'lots' }, values: [{ actual: 'many', as_of: '2020-01-01' }] }], 'en', 'is not a number');
    expect(c.errors).toEqual({ 'indicators[0].target': 'is not a number', 'indicators[0].values[0].actual': 'is not a number' });
    const m = fromFormValue(f('funding', 'list'), [{ amount: '5 millions', currency: 'EUR', state: 'pledged' }], 'fr', 'is not a number');
    expect(m.errors).toEqual({ 'funding[0].amount': 'is not a number' });
  });

  it('edits funding rows: amounts in the reader’s locale, codes as they are', () => {
    const fu = f('funding', 'list');
    const stored = [{ amount: 46300000.5, currency: 'EUR', state: 'committed', instrument: 'trust_fund_contribution', country: 'ner' }];
    const v = toFormValue(fu, stored, 'fr') as Record<string, string>[];
    expect(v[0]).toEqual({ amount: '46 300 000,5', currency: 'EUR', state: 'committed', instrument: 'trust_fund_contribution', as_of: '', country: 'ner', source: '' });
    expect(fromFormValue(fu, v, 'fr', '').value).toEqual(stored);
    expect(fromFormValue(fu, [{ amount: '', currency: '', state: '', instrument: '', as_of: '', country: '', source: '' }], 'fr', '').value).toEqual([]);
  });

  it('keeps a date as a date (all day) and gives a time its offset', () => {
    expect(normaliseDateOrDateTime('2024-06-10')).toBe('2024-06-10');
    expect(normaliseDateOrDateTime(' 2024-06-10 ', 'Europe/Zurich')).toBe('2024-06-10');
    expect(normaliseDateOrDateTime('2024-06-10 09:00', 'Europe/Zurich')).toBe('2024-06-10T09:00:00+02:00');
    expect(normaliseDateOrDateTime('10/06/2024')).toBe('10/06/2024'); // left for validation to refuse
    const c = fromFormValue(f('start', 'date_or_datetime'), '2024-12-01 09:30', 'en', '', 'Africa/Nouakchott');
    expect(c.value).toBe('2024-12-01T09:30:00+00:00');
  });

  it('moves the old single value into the series', () => {
    expect(normaliseIndicator({ name: 'n', actual: 1, as_of: '2020-01-01', values: [{ actual: 2, as_of: '2021-01-01' }] })).toEqual({
      name: 'n',
      values: [{ actual: 1, as_of: '2020-01-01' }, { actual: 2, as_of: '2021-01-01' }],
    });
    expect(normaliseIndicator({ name: 'n' })).toEqual({ name: 'n' });
  });

  it('drops empty rows and empty points', () => {
    expect(fromFormValue(f('sessions', 'list'), [{ title: '', start: '', end: '' }], 'en', '').value).toEqual([]);
    expect(fromFormValue(f('points', 'list'), ['First', '  ', 'Second '], 'en', '').value).toEqual(['First', 'Second']);
  });

  it('edits a party’s contact points as rows, empty cells left out', () => {
    expect(editorOf(f('contacts', 'list'))).toBe('rows');
    const c = fromFormValue(f('contacts', 'list'), [{ name: 'Migration desk', function: '', email: 'desk@example.tn', phone: ' +216 71 000 500 ' }, { name: '', function: '', email: '', phone: '' }], 'en', '');
    expect(c.value).toEqual([{ name: 'Migration desk', email: 'desk@example.tn', phone: '+216 71 000 500' }]);
  });

  it('adds the meeting’s offset to session times', () => {
    const c = fromFormValue(f('sessions', 'list'), [{ title: 'Roundtable 4', start: '2020-11-13 13:30', end: '' }], 'en', '', 'Europe/Zurich');
    expect(c.value).toEqual([{ title: 'Roundtable 4', start: '2020-11-13T13:30:00+01:00' }]);
  });
});

describe('buildPayload', () => {
  const values = (): FormValues => ({
    title: ' Pilot scheme ',
    text: '',
    partnership: '',
    committed_by: ['p1', 'p2'],
    themes: [],
    status: 'agreed',
    due: '2026-12-31',
    indicators: [],
  });

  it('sends every non-empty field for a new record', () => {
    const p = buildPayload(commitment, values(), null, 'en', '');
    expect(p.fields).toEqual({ title: 'Pilot scheme', committed_by: ['p1', 'p2'], status: 'agreed', due: '2026-12-31' });
  });

  it('sends only what changed for an edit', () => {
    const original = { title: 'Pilot scheme', committed_by: ['p2', 'p1'], status: 'proposed', due: '2026-12-31' };
    const p = buildPayload(commitment, values(), original, 'en', '');
    // committed_by is the same set in another order: not sent.
    expect(p.fields).toEqual({ status: 'agreed' });
  });

  it('sends an empty value to clear a field', () => {
    const original = { title: 'Pilot scheme', committed_by: ['p1', 'p2'], status: 'agreed', due: '2026-12-31', text: 'old' };
    const p = buildPayload(commitment, { ...values(), due: '' }, original, 'en', '');
    expect(p.fields).toEqual({ due: '', text: '' });
  });

  it('does not rewrite an untouched indicator of the old shape', () => {
    const ind = [{ unit: 'people', name: 'Returns', actual: 53000, as_of: '2020-11-13' }];
    const p = buildPayload(commitment, { ...values(), indicators: toFormValue(commitment[7], ind, 'en') }, { ...values(), title: 'Pilot scheme', indicators: ind }, 'en', '');
    expect(p.fields.indicators).toBeUndefined();
    // Once edited, it is sent in the series shape.
    const edited = toFormValue(commitment[7], ind, 'en') as IndicatorForm[];
    edited[0].values.push({ actual: '60,000', as_of: '2021-11-13', country: '', note: '' });
    const q = buildPayload(commitment, { ...values(), indicators: edited }, { ...values(), title: 'Pilot scheme', indicators: ind }, 'en', '');
    expect(q.fields.indicators).toEqual([{ name: 'Returns', unit: 'people', values: [{ actual: 53000, as_of: '2020-11-13' }, { actual: 60000, as_of: '2021-11-13' }] }]);
  });

  it('collects conversion errors instead of sending', () => {
    const p = buildPayload(commitment, { ...values(), indicators: [{ cells: { name: 'X', baseline: 'abc' }, values: [] }] }, null, 'en', 'not a number');
    expect(p.errors).toEqual({ 'indicators[0].baseline': 'not a number' });
  });

  it('names every error it can know of at once: bad dates and missing required fields', () => {
    const p = buildPayload(commitment, { ...values(), title: '', status: '', due: '2026-02-30' }, null, 'fr', 'pas un nombre');
    expect(p.errors).toEqual({
      due: '« 2026-02-30 » : le 30 février n’existe pas (février 2026 a 28 jours)',
      title: 'est obligatoire',
      status: 'est obligatoire',
    });
    // Without a conversion error the backend names the missing fields (all of them).
    expect(buildPayload(commitment, { ...values(), title: '', status: '' }, null, 'en', '').errors).toEqual({});
  });

  it('takes a title of blanks as missing, with the other errors', () => {
    // Trimmed as every text is, or, for the zero-width characters trim keeps, by isBlank.
    for (const blank of ['   ', '\r\n', '\t', '\u00a0', '\u202f ', '\u200b', ' \u2060\ufeff\u0085']) {
      const p = buildPayload(commitment, { ...values(), title: blank, due: '2026-02-30' }, null, 'en', '');
      expect(p.errors.title, JSON.stringify(blank)).toBe('is required');
    }
  });

  it('checks dates inside rows', () => {
    const ind: IndicatorForm[] = [{ cells: { name: 'X' }, values: [{ actual: '1', as_of: '2025-02-29', country: '', note: '' }] }];
    const p = buildPayload(commitment, { ...values(), indicators: ind }, null, 'en', '');
    expect(p.errors).toEqual({ 'indicators[0].values[0].as_of': '“2025-02-29”: 29 February does not exist (February 2025 has 28 days)' });
  });
});

describe('meeting start typed as the placeholder shows', () => {
  const meeting: Field[] = [f('title', 'text', { required: true }), f('start', 'date_or_datetime', { required: true }), f('end', 'date_or_datetime'), f('time_zone', 'text')];
  it('is sent as RFC 3339 with the offset of the meeting’s zone on that date', () => {
    const winter = buildPayload(meeting, { title: 'JVAP SOM', start: '2026-03-10 13:30', end: '2026-03-10 17:00', time_zone: 'Europe/Rome' }, null, 'en', '');
    expect(winter.errors).toEqual({});
    expect(winter.fields).toEqual({ title: 'JVAP SOM', start: '2026-03-10T13:30:00+01:00', end: '2026-03-10T17:00:00+01:00', time_zone: 'Europe/Rome' });
    const summer = buildPayload(meeting, { title: 'x', start: '2026-07-10 9:30', end: '', time_zone: 'Africa/Dakar' }, null, 'en', '');
    expect(summer.fields.start).toBe('2026-07-10T09:30:00+00:00');
    const dst = buildPayload(meeting, { title: 'x', start: '2026-07-10 09:30', end: '', time_zone: 'Europe/Rome' }, null, 'en', '');
    expect(dst.fields.start).toBe('2026-07-10T09:30:00+02:00');
  });
  it('stays a date when all day', () => {
    const p = buildPayload(meeting, { title: 'x', start: '2026-03-10', end: '2026-03-11', time_zone: 'Europe/Rome' }, null, 'en', '');
    expect(p.fields).toMatchObject({ start: '2026-03-10', end: '2026-03-11' });
  });
  it('is told in the form’s terms when wrong', () => {
    const p = buildPayload(meeting, { title: '', start: '2026-02-30 13:30', end: '', time_zone: 'Europe/Rome' }, null, 'en', '');
    expect(p.errors).toEqual({ start: '“2026-02-30 13:30”: 30 February does not exist (February 2026 has 28 days)', title: 'is required' });
  });
});

describe('dates typed the French way', () => {
  const meeting: Field[] = [f('title', 'text', { required: true }), f('start', 'date_or_datetime', { required: true }), f('end', 'date_or_datetime'), f('time_zone', 'text')];

  it('sends the ISO value the backend stores', () => {
    const c = buildPayload(commitment, { title: 'x', status: 'agreed', due: '31/12/2026' }, null, 'fr', '');
    expect(c.errors).toEqual({});
    expect(c.fields.due).toBe('2026-12-31');
    const m = buildPayload(meeting, { title: 'x', start: '10/03/2026 13:30', end: '10/03/2026 17h', time_zone: 'Europe/Rome' }, null, 'fr', '');
    expect(m.errors).toEqual({});
    expect(m.fields).toMatchObject({ start: '2026-03-10T13:30:00+01:00', end: '2026-03-10T17:00:00+01:00' });
    expect(buildPayload(meeting, { title: 'x', start: '1/3/2026', end: '2/3/2026', time_zone: '' }, null, 'fr', '').fields).toMatchObject({ start: '2026-03-01', end: '2026-03-02' });
    const rows = fromFormValue(f('sessions', 'list'), [{ title: 'Table ronde', start: '13/11/2020 13h30', end: '' }], 'fr', '', 'Europe/Zurich');
    expect(rows.value).toEqual([{ title: 'Table ronde', start: '2020-11-13T13:30:00+01:00' }]);
    const ind: IndicatorForm[] = [{ cells: { name: 'X', since: '01/01/2020' }, values: [{ actual: '53 000', as_of: '13/11/2020', country: '', note: '' }] }];
    expect(fromFormValue(commitment[7], ind, 'fr', '').value).toEqual([{ name: 'X', since: '2020-01-01', values: [{ actual: 53000, as_of: '2020-11-13' }] }]);
  });

  it('refuses an impossible day, naming the value as typed, and in English the French shape', () => {
    const p = buildPayload(commitment, { title: 'x', status: 'agreed', due: '29/02/2027' }, null, 'fr', '');
    expect(p.errors).toEqual({ due: '« 29/02/2027 » : le 29 février n’existe pas (février 2027 a 28 jours)' });
    const e = buildPayload(commitment, { title: 'x', status: 'agreed', due: '31/12/2026' }, null, 'en', '');
    expect(e.errors.due).toContain('YYYY-MM-DD, e.g. 2026-12-31');
  });

  it('shows stored dates as JJ/MM/AAAA, and an untouched one is not sent', () => {
    const original = { title: 'x', status: 'agreed', due: '2026-12-31', indicators: [{ name: 'X', since: '2020-01-01', values: [{ actual: 1, as_of: '2020-11-13' }] }] };
    const v: FormValues = {};
    for (const fl of commitment) v[fl.name] = toFormValue(fl, original[fl.name as keyof typeof original], 'fr');
    expect(v.due).toBe('31/12/2026');
    expect((v.indicators as IndicatorForm[])[0]).toMatchObject({ cells: { since: '01/01/2020' }, values: [{ as_of: '13/11/2020' }] });
    expect(buildPayload(commitment, v, original, 'fr', '')).toEqual({ fields: {}, errors: {} });

    const stored = { title: 'x', start: '2020-11-13T09:00:00+01:00', end: '2020-11-13T17:30:15+01:00', time_zone: 'Asia/Tokyo', sessions: [{ title: 's', start: '2020-11-13T10:00:00+01:00' }] };
    const mf: Field[] = [...meeting, f('sessions', 'list')];
    const w: FormValues = {};
    for (const fl of mf) w[fl.name] = toFormValue(fl, stored[fl.name as keyof typeof stored], 'fr');
    expect(w).toMatchObject({ start: '13/11/2020 09:00 +01:00', end: '13/11/2020 17:30:15 +01:00', sessions: [{ start: '13/11/2020 10:00 +01:00' }] });
    // The offset shown is the one stored: the zone (another one here) does not rewrite it.
    expect(buildPayload(mf, w, stored, 'fr', '')).toEqual({ fields: {}, errors: {} });
    // Edited, it is read again in the meeting's zone.
    expect(buildPayload(mf, { ...w, start: '14/11/2020 09:00' }, stored, 'fr', '').fields).toEqual({ start: '2020-11-14T09:00:00+09:00' });
  });
});

// The intervention form's country tags proposed from the chosen meeting (docs/model.md,
// "Interventions: countries proposed from the meeting"): a delegate's edit is never undone.
describe('countries proposed from the meeting', () => {
  // The form as RecordForm drives it: the tags, and each meeting's answer arriving.
  function form(tags: string[]) {
    let p: TagProposal = startProposal(tags);
    const f = {
      tags,
      meeting(codes: string[], from: string) {
        const next = proposeCountries(f.tags, p, codes, from);
        if (next) {
          f.tags = next.tags;
          p = next.proposal;
        }
      },
      // The delegate edits the chips (RecordForm's effect sees the new tags).
      edit(tags: string[]) {
        f.tags = tags;
        p = afterTagsEdited(tags, p);
      },
      hint: () => proposedFrom(f.tags, p),
      // The draft offered on coming back is restored (RecordForm's restoreDraft).
      restore(draft: { meeting: string; countries: string[] }) {
        f.tags = draft.countries;
        p = restoredProposal(draft);
      },
    };
    return f;
  }

  it('fills empty tags with the organiser’s country and says so', () => {
    const f = form([]);
    f.meeting(['TUN'], 'organiser');
    expect(f.tags).toEqual(['TUN']);
    expect(f.hint()).toBe('organiser');
  });

  it('follows another meeting while the tags are untouched, and withdraws with no meeting', () => {
    const f = form([]);
    f.meeting(['TUN'], 'organiser');
    f.meeting(['LBY'], 'participant');
    expect(f.tags).toEqual(['LBY']);
    expect(f.hint()).toBe('participant');
    f.meeting([], ''); // a multilateral meeting, or the meeting cleared
    expect(f.tags).toEqual([]);
    expect(f.hint()).toBe('');
    f.meeting(['MAR'], 'organiser');
    expect(f.tags).toEqual(['MAR']);
  });

  it('never changes tags the delegate edited', () => {
    const removed = form([]);
    removed.meeting(['TUN'], 'organiser');
    removed.tags = []; // the proposal removed: the intervention is not about Tunisia
    expect(removed.hint()).toBe('');
    removed.meeting(['MAR'], 'organiser');
    expect(removed.tags).toEqual([]);

    const added = form([]);
    added.meeting(['TUN'], 'organiser');
    added.tags = ['TUN', 'LBY'];
    expect(added.hint()).toBe('');
    added.meeting(['MAR'], 'organiser');
    added.meeting([], '');
    expect(added.tags).toEqual(['TUN', 'LBY']);

    const typedFirst = form([]);
    typedFirst.tags = ['NER']; // tagged before the meeting was chosen
    typedFirst.meeting(['TUN'], 'organiser');
    expect(typedFirst.tags).toEqual(['NER']);
    expect(typedFirst.hint()).toBe('');
  });

  it('keeps a proposal removed and typed back: it is the delegate’s now', () => {
    const f = form([]);
    f.meeting(['TUN'], 'organiser');
    f.edit([]);
    f.edit(['TUN']); // typed back by hand, as the proposal was
    f.meeting(['MAR'], 'organiser');
    expect(f.tags).toEqual(['TUN']);
    expect(f.hint()).toBe('');
  });

  it('never changes the tags an intervention came with', () => {
    const f = form(['SEN']);
    f.meeting(['TUN'], 'organiser');
    f.meeting([], '');
    expect(f.tags).toEqual(['SEN']);
    expect(f.hint()).toBe('');
  });

  it('keeps the proposal when the same country is proposed again', () => {
    const f = form([]);
    f.meeting(['TUN'], 'organiser');
    f.meeting(['TUN'], 'participant');
    expect(f.tags).toEqual(['TUN']);
    expect(f.hint()).toBe('participant');
  });

  it('leaves a restored draft’s tags as the delegate left them', () => {
    // Tunisia proposed, removed, the page reloaded: the draft has the meeting and no tags.
    const removed = form([]);
    removed.restore({ meeting: 'm-tunisia', countries: [] });
    removed.meeting(['TUN'], 'organiser');
    expect(removed.tags).toEqual([]);
    expect(removed.hint()).toBe('');

    // A draft that had not chosen a meeting yet is a new form: the meeting chosen proposes.
    const early = form([]);
    early.restore({ meeting: '', countries: [] });
    early.meeting(['TUN'], 'organiser');
    expect(early.tags).toEqual(['TUN']);
  });
});

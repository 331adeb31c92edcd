import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Downloads need a document; the test only records them.
const downloads: { name: string; data: unknown; type: string }[] = [];
vi.mock('./files', async (orig) => ({
  ...(await orig<typeof import('./files')>()),
  download: (name: string, data: unknown, type: string) => downloads.push({ name, data, type }),
}));

import { byPlatform, choose, exportBundle, exportCard, finishPack, importBundle, importBundleWithProgress, importPoll, inspectBundle, pickedFrom, previewCSV, print, readCard, saveBriefPDF, saveMade, startPack, trustCard } from './platform';
import type { PackJob } from './syncTypes';

/** The calls the services received, as [service.method, args]. */
let calls: [string, unknown[]][] = [];
/** What each "Service.Method" answers. */
let answers: Record<string, unknown> = {};

function answer(key: string): unknown {
  if (!(key in answers)) throw new Error(`unexpected call ${key}`);
  return answers[key];
}

/** The window: every call goes through the Wails bridge. */
function desktop() {
  vi.stubGlobal('go', {
    desktop: {
      Bridge: {
        Call: async (svc: string, method: string, args: unknown[]) => {
          calls.push([`${svc}.${method}`, args]);
          return answer(`${svc}.${method}`);
        },
      },
    },
  });
}

/** A browser: every call is a POST to /api/call. */
function browser() {
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    const { service, method, args } = JSON.parse(init.body);
    calls.push([`${service}.${method}`, args]);
    return { status: 200, text: async () => JSON.stringify({ result: answer(`${service}.${method}`) }) };
  });
}

const file = (name: string, text: string) => new File([text], name);
const report = { file: 'x', status: 'imported', new: 1 };

beforeEach(() => {
  calls = [];
  answers = {};
  downloads.length = 0;
});
afterEach(() => vi.unstubAllGlobals());

describe('in the window', () => {
  beforeEach(desktop);

  it('chooses files with the native dialog and imports them by path', async () => {
    answers = { 'Platform.OpenFiles': ['/home/a/one.dossier', 'C:\\b\\two.dossier'], 'Sync.ImportFileReport': report };
    const files = await choose({ title: 'Import', pattern: '*.dossier', multiple: true });
    expect(files.map((f) => f.name)).toEqual(['one.dossier', 'two.dossier']);
    await importBundle(files[0]);
    expect(calls.at(-1)).toEqual(['Sync.ImportFileReport', ['/home/a/one.dossier']]);
  });

  it('returns nothing when the dialog is cancelled', async () => {
    answers = { 'Platform.OpenFile': '' };
    expect(await choose({ title: 'Inspect', pattern: '*.dossier' })).toEqual([]);
  });

  it('saves through the save dialog and writes there, or does nothing when cancelled', async () => {
    answers = { 'Platform.SaveFile': '/home/a/x.dossier', 'Sync.Export': { ops: 3 } };
    const done = await exportBundle({ to: ['K'], all: false, sign_only: false }, 'x.dossier', 'Save');
    expect(done).toEqual({ report: { ops: 3 }, where: '/home/a/x.dossier', downloaded: false });
    expect(calls.at(-1)).toEqual(['Sync.Export', [{ to: ['K'], all: false, sign_only: false, out: '/home/a/x.dossier' }]]);
    answers['Platform.SaveFile'] = '';
    calls = [];
    expect(await exportBundle({}, 'x.dossier', 'Save')).toBeNull();
    expect(await exportCard('a.card.json', 'Save')).toBeNull();
    expect(await saveBriefPDF('LBY', {}, 'b.pdf', 'Save')).toBeNull();
    expect(await startPack({ countries: ['LBY'] }, 'p.pdf', 'Save')).toBeNull();
    expect(calls.map((c) => c[0])).toEqual(['Platform.SaveFile', 'Platform.SaveFile', 'Platform.SaveFile', 'Platform.SaveFile']);
    expect(downloads).toEqual([]);
  });

  it('writes cards, briefs and packs to the chosen paths', async () => {
    answers = { 'Platform.SaveFile': '/p/out', 'Sync.WriteCard': {}, 'Brief.SavePDF': null, 'Brief.StartSavePack': { id: 'j', state: 'running' } };
    expect(await exportCard('a.card.json', 'Save')).toEqual({ where: '/p/out', downloaded: false });
    expect(await saveBriefPDF('LBY', { marking: 'M' }, 'b.pdf', 'Save')).toEqual({ where: '/p/out', downloaded: false });
    await startPack({ countries: ['LBY'] }, 'p.pdf', 'Save');
    expect(calls.filter((c) => c[0] !== 'Platform.SaveFile')).toEqual([
      ['Sync.WriteCard', ['/p/out']],
      ['Brief.SavePDF', ['LBY', { marking: 'M' }, '/p/out']],
      ['Brief.StartSavePack', [{ countries: ['LBY'] }, '/p/out']],
    ]);
    const job = { id: 'j', state: 'done', path: '/p/out' } as PackJob;
    expect(await finishPack(job, 'p.pdf')).toEqual({ where: '/p/out', downloaded: false });
  });

  it('reads and trusts a card by path', async () => {
    answers = { 'Platform.OpenFile': '/c/amina.card.json', 'Sync.ReadCard': { key_id: 'K' }, 'Sync.TrustCard': { key_id: 'K' } };
    const [f] = await choose({ title: 'Card', pattern: '*.json' });
    const { source } = await readCard(f);
    await trustCard(source, { role_change: true });
    expect(calls.slice(1)).toEqual([
      ['Sync.ReadCard', ['/c/amina.card.json']],
      ['Sync.TrustCard', ['/c/amina.card.json', { role_change: true }]],
    ]);
  });

  it('checks a CSV file just chosen once, the service reading its kind column', async () => {
    answers = { 'CSV.PreviewChosenFile': { kind: '' }, 'CSV.PreviewFile': { kind: 'commitment' } };
    expect(await previewCSV('commitment', { name: 'export.csv', path: '/home/a/export.csv' }, true)).toEqual({ kind: '' });
    expect(calls).toEqual([['CSV.PreviewChosenFile', ['commitment', '/home/a/export.csv']]]);
    calls = [];
    await previewCSV('commitment', { name: 'export.csv', path: '/home/a/export.csv' });
    expect(calls).toEqual([['CSV.PreviewFile', ['commitment', '/home/a/export.csv']]]);
  });

  it('prints through the window and says it saves', async () => {
    answers = { 'Platform.Print': null };
    await print();
    expect(calls).toEqual([['Platform.Print', []]]);
    expect(byPlatform('save', 'download')).toBe('save');
  });
});

describe('in a browser', () => {
  beforeEach(browser);

  it('opens the file input instead of a dialog, and reads the files it brings', async () => {
    const click = vi.fn();
    expect(await choose({ title: 'Import', pattern: '*.dossier', input: { click } as unknown as HTMLInputElement })).toEqual([]);
    expect(click).toHaveBeenCalled();
    const input = { files: [file('a.dossier', 'AB')], value: 'C:\\fakepath\\a.dossier' };
    const picked = pickedFrom({ currentTarget: input } as unknown as Event & { currentTarget: HTMLInputElement });
    expect(picked.map((p) => [p.name, p.size])).toEqual([['a.dossier', 2]]);
    expect(input.value).toBe('');
    expect(calls).toEqual([]);
  });

  it('imports a bundle in the background, showing each status, and cancels it before its commit when asked', async () => {
    vi.useFakeTimers();
    try {
      const running = { id: 'J', file: 'a.dossier', state: 'running', total: 10, read: 4, verified: 4, applied: 0, committed: false };
      const cancelled = { ...running, state: 'cancelled', report: { file: 'a.dossier', status: 'refused', problem: 'canceled' } };
      answers = { 'Sync.StartImport': running, 'Sync.ImportStatus': cancelled, 'Sync.CancelImport': running };
      const seen: number[] = [];
      const done = importBundleWithProgress({ name: 'a.dossier', file: file('a.dossier', 'AB') }, (j) => seen.push(j.read), () => true);
      await vi.advanceTimersByTimeAsync(3 * importPoll);
      const rep = await done;
      expect(rep.problem).toBe('canceled');
      expect(calls.map((c) => c[0])).toEqual(['Sync.StartImport', 'Sync.CancelImport', 'Sync.ImportStatus']);
      expect(calls[0]).toEqual(['Sync.StartImport', ['a.dossier', 'QUI=']]);
      expect(seen.length).toBeGreaterThan(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uploads bundles as base64, never as a path', async () => {
    answers = { 'Sync.ImportDataReport': report, 'Sync.InspectData': report };
    await importBundle({ name: 'a.dossier', file: file('a.dossier', 'AB') });
    await inspectBundle({ name: 'a.dossier', file: file('a.dossier', 'AB') });
    expect(calls).toEqual([
      ['Sync.ImportDataReport', ['a.dossier', 'QUI=']],
      ['Sync.InspectData', ['a.dossier', 'QUI=']],
    ]);
  });

  it('downloads what the services make', async () => {
    answers = {
      'Sync.ExportData': { name: 'x.dossier', data: 'QUI=', report: { ops: 2 } },
      'Sync.CardData': { name: 'a.card.json', text: '{}', card: {} },
      'Brief.PDF': 'JVBERg==',
      'Brief.StartPack': { id: 'j', state: 'running' },
      'Brief.PackResult': 'JVBERg==',
    };
    expect(await exportBundle({ to: ['K'] }, 'x.dossier', 'Save')).toEqual({ report: { ops: 2 }, where: 'x.dossier', downloaded: true });
    expect(await exportCard('a.card.json', 'Save')).toEqual({ where: 'a.card.json', downloaded: true });
    expect(await saveBriefPDF('LBY', {}, 'b.pdf', 'Save')).toEqual({ where: 'b.pdf', downloaded: true });
    await startPack({ countries: ['LBY'] }, 'p.pdf', 'Save');
    expect(await finishPack({ id: 'j', state: 'done' } as PackJob, 'p.pdf')).toEqual({ where: 'p.pdf', downloaded: true });
    expect(calls.map((c) => c[0])).toEqual(['Sync.ExportData', 'Sync.CardData', 'Brief.PDF', 'Brief.StartPack', 'Brief.PackResult']);
    expect(calls[0][1]).toEqual([{ to: ['K'], name: 'x.dossier' }]);
    expect(calls[3][1]).toEqual([{ countries: ['LBY'] }]);
    expect(downloads.map((d) => [d.name, d.type])).toEqual([
      ['x.dossier', 'application/octet-stream'],
      ['a.card.json', 'application/json'],
      ['b.pdf', 'application/pdf'],
      ['p.pdf', 'application/pdf'],
    ]);
  });

  it('reads and trusts an uploaded card by its text', async () => {
    answers = { 'Sync.ReadCardData': { key_id: 'K' }, 'Sync.TrustCardData': { key_id: 'K' } };
    const { source } = await readCard({ name: 'amina.card.json', file: file('amina.card.json', '{"card":1}') });
    await trustCard(source, {});
    expect(calls).toEqual([
      ['Sync.ReadCardData', ['amina.card.json', '{"card":1}']],
      ['Sync.TrustCardData', ['amina.card.json', '{"card":1}', {}]],
    ]);
  });

  it('checks an uploaded CSV file just chosen once, the service reading its kind column', async () => {
    answers = { 'CSV.PreviewChosen': { kind: '' }, 'CSV.Preview': { kind: 'commitment' } };
    const f = { name: 'export.csv', file: file('export.csv', 'kind,title\n') };
    expect(await previewCSV('commitment', f, true)).toEqual({ kind: '' });
    expect(calls.map((c) => c[0])).toEqual(['CSV.PreviewChosen']);
    calls = [];
    await previewCSV('commitment', f);
    expect(calls.map((c) => c[0])).toEqual(['CSV.Preview']);
  });

  it('prints with the browser and says it downloads', async () => {
    const printFn = vi.fn();
    vi.stubGlobal('window', { print: printFn });
    await print();
    expect(printFn).toHaveBeenCalled();
    expect(calls).toEqual([]);
    expect(byPlatform('save', 'download')).toBe('download');
  });
});

describe('a chart the page made', () => {
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');

  it('is written by the window where its save dialog says, or not at all when cancelled', async () => {
    desktop();
    answers = { 'Platform.SaveData': '/home/a/status.svg' };
    expect(await saveMade('status.svg', svg, 'image/svg+xml', 'Save the chart')).toEqual({ where: '/home/a/status.svg', downloaded: false });
    expect(calls).toEqual([['Platform.SaveData', ['Save the chart', 'status.svg', 'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=']]]);
    answers = { 'Platform.SaveData': '' };
    expect(await saveMade('status.png', svg, 'image/png', 'Save the chart')).toBeNull();
    expect(downloads).toEqual([]);
  });

  it('is downloaded in a browser, without a call', async () => {
    browser();
    expect(await saveMade('status.svg', svg, 'image/svg+xml', 'Save the chart')).toEqual({ where: 'status.svg', downloaded: true });
    expect(downloads).toEqual([{ name: 'status.svg', data: svg, type: 'image/svg+xml' }]);
    expect(calls).toEqual([]);
  });
});

// Where a change came from, in the reader's words. The store keeps the origin as it was
// recorded (English, since older versions wrote it so): "csv import", "sample data",
// "backup CREATED from NAME"; a bundle's origin reaches the screen as its exporter instead
// (HistoryEntry.from). Anything else is shown as recorded.

type Translate = (key: string, fallback: string, params?: Record<string, string>) => string;

export function originLabel(origin: string, tr: Translate, date: (iso: string) => string): string {
  switch (origin) {
    case 'csv import':
      return tr('history.origin.csv', origin);
    case 'sample data':
      return tr('history.origin.sample', origin);
  }
  const m = /^backup (\S+) from (.+)$/.exec(origin);
  if (m) return tr('history.origin.backup', origin, { when: date(m[1]), who: m[2] });
  return origin;
}

import { describe, expect, it } from 'vitest';
import { base64ToBytes, briefFileName, bundleFileName, bundleSeqKey, localDay, nextBundleSeq, recordBundleSeq, bytesToBase64, cardFileName, fileToBase64, fingerprintGroups, formatBytes, keyIDGroups, packFileName, slug } from './files';

describe('base64', () => {
  it('round-trips bytes of every value, also past one chunk', () => {
    const b = new Uint8Array(70000);
    for (let i = 0; i < b.length; i++) b[i] = (i * 7) % 256;
    const s = bytesToBase64(b);
    expect(s.length).toBe(Math.ceil(b.length / 3) * 4);
    expect(base64ToBytes(s)).toEqual(b);
    expect(bytesToBase64(new Uint8Array([0x25, 0x50, 0x44, 0x46]))).toBe('JVBERg==');
    expect(base64ToBytes('')).toEqual(new Uint8Array());
  });

  it('reads an uploaded file', async () => {
    expect(await fileToBase64(new Blob(['%PDF']))).toBe('JVBERg==');
  });
});

describe('file names', () => {
  it('slugs names of any script', () => {
    expect(slug('Amina Benali')).toBe('amina-benali');
    expect(slug('  Björn Øster-Ångström / EU ')).toBe('björn-øster-ångström-eu');
    expect(slug('Ελλάδα')).toBe('ελλάδα');
    expect(slug('…', 'x')).toBe('x');
  });

  it('names bundles, briefs, packs and cards', () => {
    expect(bundleFileName('Amina Benali', new Date(2026, 11, 1, 14, 32, 59), 3)).toBe('dossier-amina-benali-2026-12-01-1432-3.dossier');
    expect(bundleFileName('A. Benali', new Date(2026, 0, 5, 9, 7), 1)).toBe('dossier-a-benali-2026-01-05-0907-1.dossier');
    expect(briefFileName('lby', '2020-11-13')).toBe('brief-LBY-2020-11-13.pdf');
    expect(packFileName('First Regional Review of the Global Compact for Migration', '2020-11-13')).toBe(
      'meeting-pack-first-regional-review-of-the-2020-11-13.pdf',
    );
    expect(packFileName('', '2020-11-13')).toBe('meeting-pack-2020-11-13.pdf');
    expect(cardFileName('Amina Benali')).toBe('amina-benali.card');
    expect(cardFileName('')).toBe('identity.card');
  });
});

describe('sizes and fingerprints', () => {
  it('formats sizes in both languages', () => {
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(formatBytes(12_345, 'en')).toBe('12.1 KB');
    expect(formatBytes(1_468_006, 'fr')).toBe('1,4 Mo');
    expect(formatBytes(256_000, 'fr')).toBe('250 Ko');
    // The default limit reads as the backend and the Settings screen say it.
    expect(formatBytes(25 << 20, 'en')).toBe('25 MB');
    expect(formatBytes(25 << 20, 'fr')).toBe('25 Mo');
  });

  it('splits the fingerprint into its groups of five', () => {
    expect(fingerprintGroups('12345 67890 11111 22222 33333 44444 55555 66666')).toHaveLength(8);
    expect(fingerprintGroups('  ')).toEqual([]);
    expect(keyIDGroups('4ACEC72646DDA01C')).toBe('4ACE C726 46DD A01C');
  });
});

describe('bundle sequence per day', () => {
  function mem() {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  }
  it('counts bundles within a day, starts again at 1 the next day', () => {
    const s = mem();
    const day = localDay(new Date(2026, 11, 1, 14, 32));
    expect(day).toBe('2026-12-01');
    expect(nextBundleSeq(s, day)).toBe(1);
    recordBundleSeq(s, day, 1);
    expect(nextBundleSeq(s, day)).toBe(2);
    recordBundleSeq(s, day, 2);
    // Two exports in one minute: different names.
    const at = new Date(2026, 11, 1, 14, 32);
    expect(bundleFileName('Amina Benali', at, 2)).not.toBe(bundleFileName('Amina Benali', at, nextBundleSeq(s, day)));
    expect(nextBundleSeq(s, '2026-12-02')).toBe(1);
  });
  it('an export not written uses no number', () => {
    const s = mem();
    expect(nextBundleSeq(s, '2026-12-01')).toBe(1);
    expect(nextBundleSeq(s, '2026-12-01')).toBe(1);
  });
  it('reads a damaged or foreign value as none', () => {
    for (const v of ['{', '"x"', '{"day":"2026-12-01","n":-4}', '{"day":"2026-12-01","n":1.5}', '{"day":"2026-12-01","n":"7"}']) {
      const s = mem();
      s.m.set(bundleSeqKey, v);
      expect(nextBundleSeq(s, '2026-12-01')).toBe(1);
    }
    expect(nextBundleSeq(null, '2026-12-01')).toBe(1);
  });
});

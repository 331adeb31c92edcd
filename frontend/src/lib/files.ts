// Files in and out of the page: base64 (how bytes travel in JSON), browser downloads and
// uploads, file names, sizes, and fingerprints in readable groups.

import type { Locale } from './format';

/** Base64 of bytes, in chunks (String.fromCharCode has an argument limit). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(bin);
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64 ?? '');
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** An uploaded file's bytes in base64. */
export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** Saves bytes or text as a download (browser mode). */
export function download(name: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A name made safe for a file name: lower case, letters and digits of any script, dashes. */
export function slug(name: string, fallback = 'dossier'): string {
  const s = name
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return s || fallback;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local day of a moment, "2026-12-01" (what the bundle sequence counts within). */
export function localDay(at: Date): string {
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * "dossier-amina-benali-2026-12-01-1432-3.dossier": who, the local date and time, and the
 * bundle's number that day, so that two exports (even in one minute) never share a name and
 * one cannot replace the other in a downloads folder.
 */
export function bundleFileName(who: string, at: Date, seq: number): string {
  return `dossier-${slug(who)}-${localDay(at)}-${pad(at.getHours())}${pad(at.getMinutes())}-${seq}.dossier`;
}

/** Where the last bundle's day and number are kept (this browser or window). */
export const bundleSeqKey = 'dossier.bundleSeq';

/** The number of the next bundle written on `day`: 1 on a new day. */
export function nextBundleSeq(store: Pick<Storage, 'getItem'> | null, day: string): number {
  try {
    const v = JSON.parse(store?.getItem(bundleSeqKey) ?? 'null') as { day?: unknown; n?: unknown } | null;
    if (v && v.day === day && typeof v.n === 'number' && Number.isInteger(v.n) && v.n > 0) return v.n + 1;
  } catch {
    // A damaged value counts as none: the time in the name still tells bundles apart.
  }
  return 1;
}

/** Records that bundle `n` of `day` was written (only then: a cancelled or empty export uses no number). */
export function recordBundleSeq(store: Pick<Storage, 'setItem'> | null, day: string, n: number): void {
  try {
    store?.setItem(bundleSeqKey, JSON.stringify({ day, n }));
  } catch {
    // Storage full or denied: the next name repeats the number, but not the minute's time.
  }
}

/** "brief-LBY-2026-11-28.pdf" */
export function briefFileName(iso3: string, date: string): string {
  return `brief-${iso3.toUpperCase()}-${date}.pdf`;
}

/** "meeting-pack-first-regional-review-2026-11-28.pdf" (the title shortened to a few words). */
export function packFileName(title: string, date: string): string {
  const words = slug(title, '').split('-').filter(Boolean).slice(0, 5).join('-');
  return `meeting-pack-${words ? words + '-' : ''}${date}.pdf`;
}

/** "amina-benali.card", as the backend names it (older cards end in .card.json: both are accepted). */
export function cardFileName(name: string): string {
  // ".card": the type the installers register, so that a double click opens Dossier.
  return `${slug(name, 'identity')}.card`;
}

/**
 * "12 KB", "1.4 MB" / "1,4 Mo", in the units the backend's messages and the Settings screen use
 * (1 KB = 2^10 bytes, 1 MB = 2^20), so a limit reads the same everywhere ("25 MB").
 */
export function formatBytes(n: number, locale: Locale): string {
  const units = locale === 'fr' ? ['octets', 'Ko', 'Mo', 'Go'] : ['bytes', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : 1;
  const num = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(v);
  return `${num} ${units[u]}`.replace(/[\u202f\u00a0]/g, ' ');
}

/** The fingerprint's groups of five digits ("12345 67890 …" → ["12345", "67890", …]). */
export function fingerprintGroups(fp: string): string[] {
  return (fp ?? '').trim().split(/\s+/).filter(Boolean);
}

/** A key id in four groups for reading aloud: "4ACE C726 46DD A01C". */
export function keyIDGroups(k: string): string {
  return (k ?? '').replace(/(.{4})(?=.)/g, '$1 ');
}

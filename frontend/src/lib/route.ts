// Hash routes: "#/commitments?status=stalled", "#/record/ID", "#/country/LBY". The same URLs
// work in the desktop window and in a browser, and Back/Forward just work.

export interface Route {
  /** Path segments after "#/", decoded: ["record", "0192…"]. */
  parts: string[];
  /** Query parameters after "?". */
  query: Record<string, string>;
}

export function parseHash(hash: string): Route {
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h.startsWith('/')) h = h.slice(1);
  const [path, qs = ''] = h.split('?', 2);
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    if (v !== '') query[k] = v;
  }
  return { parts, query };
}

export function buildHash(parts: string[], query: Record<string, string | undefined | null> = {}): string {
  const path = parts.map((p) => encodeURIComponent(p)).join('/');
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const q = qs.toString();
  return `#/${path}${q ? '?' + q : ''}`;
}

/** The list route of each record kind. */
export const KIND_ROUTES: Record<string, string> = {
  party: 'parties',
  framework: 'frameworks',
  partnership: 'partnerships',
  commitment: 'commitments',
  meeting: 'meetings',
  intervention: 'interventions',
};

export const ROUTE_KINDS: Record<string, string> = Object.fromEntries(Object.entries(KIND_ROUTES).map(([k, r]) => [r, k]));

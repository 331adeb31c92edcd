import { buildHash, parseHash, type Route } from './route';

export const router = $state<{ route: Route }>({ route: parseHash(typeof location === 'undefined' ? '' : location.hash) });

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    router.route = parseHash(location.hash);
  });
}

/** Goes to a route. `replace` changes the URL without a new history entry (filters). */
export function go(parts: string[], query: Record<string, string | undefined | null> = {}, replace = false): void {
  const h = buildHash(parts, query);
  if (replace) {
    history.replaceState(null, '', h);
    router.route = parseHash(h);
  } else if (location.hash !== h) {
    location.hash = h;
  }
}

export function href(parts: string[], query: Record<string, string | undefined | null> = {}): string {
  return buildHash(parts, query);
}

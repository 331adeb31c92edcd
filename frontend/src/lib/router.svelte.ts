import { buildHash, parseHash, type Route } from './route';
import { confirmLeave, guarded } from './leave.svelte';

export const router = $state<{ route: Route }>({ route: parseHash(typeof location === 'undefined' ? '' : location.hash) });

// The hash the app shows now; a change away from a dirty form is put back until the user says.
let shown = typeof location === 'undefined' ? '' : location.hash;

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    const target = location.hash;
    if (target === shown) return;
    if (!guarded()) {
      shown = target;
      router.route = parseHash(target);
      return;
    }
    // Links, the sidebar, Back and typed URLs all arrive here after the URL changed: put the
    // form's URL back (pushState fires no hashchange) and ask.
    history.pushState(null, '', shown || '#/');
    void confirmLeave().then((ok) => {
      if (ok) {
        shown = target;
        location.hash = target;
        router.route = parseHash(target);
      }
    });
  });
}

/** Goes to a route. `replace` changes the URL without a new history entry (filters). */
export function go(parts: string[], query: Record<string, string | undefined | null> = {}, replace = false): void {
  const h = buildHash(parts, query);
  if (replace) {
    const apply = () => {
      history.replaceState(null, '', h);
      shown = h;
      router.route = parseHash(h);
    };
    if (!guarded()) apply();
    else void confirmLeave().then((ok) => ok && apply());
  } else if (location.hash !== h) {
    location.hash = h;
  }
}

export function href(parts: string[], query: Record<string, string | undefined | null> = {}): string {
  return buildHash(parts, query);
}

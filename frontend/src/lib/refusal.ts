// A refused bundle in the reader's words: what is wrong and what to do first, and the
// service's raw message (English, with bytes and commands) kept apart as the technical
// detail, which the screen folds away (docs/api.md, "Sync").

export interface Refusal {
  /** What is wrong, translated ("Not a Dossier bundle"). */
  title: string;
  /** What to do, translated; never empty. */
  todo: string;
  /** The service's message and the problem code, for support; '' when there is none. */
  detail: string;
}

type Translate = (key: string, fallback: string) => string;

export function refusal(problem: string | undefined, message: string | undefined, tr: Translate): Refusal {
  const p = (problem ?? '').trim();
  // An unknown code (a newer service) still gets words, never the code itself.
  const title = (p && tr(`sync.problem.${p}`, '')) || tr('sync.problem.unknown', 'Refused');
  const todo = (p && tr(`sync.todo.${p}`, '')) || tr('sync.todo.unknown', '');
  const msg = (message ?? '').trim();
  const detail = msg && p ? `${msg} [${p}]` : msg || (p ? `[${p}]` : '');
  return { title, todo, detail };
}

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

import type { Problem, TitleParts } from './generated/types';

type Translate = (key: string, fallback: string) => string;

/**
 * role is this installation's (delegate, secretariat): what to do may depend on who imports,
 * `sync.todo.<problem>.<role>` (an unknown author: a delegate may import the secretariat's
 * bundle that introduces them; the secretariat, which introduces delegates, trusts their card).
 * A refusal with a case of its own (params.case) keeps the problem's words.
 */
export function refusal(problem: string | undefined, message: string | undefined, tr: Translate, role = '', kase = ''): Refusal {
  const p = (problem ?? '').trim();
  // An unknown code (a newer service) still gets words, never the code itself.
  const title = (p && tr(`sync.problem.${p}`, '')) || tr('sync.problem.unknown', 'Refused');
  const todo = (p && role && !kase && tr(`sync.todo.${p}.${role}`, '')) || (p && tr(`sync.todo.${p}`, '')) || tr('sync.todo.unknown', '');
  const msg = (message ?? '').trim();
  const detail = msg && p ? `${msg} [${p}]` : msg || (p ? `[${p}]` : '');
  return { title, todo, detail };
}

/** What refusalLines needs of a report: the problem, its values and the refused change. */
export interface RefusalValues {
  problem?: string;
  params?: Record<string, string>;
  change?: {
    seq: number;
    author: string;
    kind: string;
    record: string;
    title?: string;
    parts?: TitleParts;
    rule: string;
    params?: Record<string, string>;
    problems?: Record<string, Problem>;
  };
}

/** How refusalLines words kinds, fields, field problems, spans and dates. */
export interface RefusalWords {
  tr: Translate;
  kind: (kind: string) => string;
  field: (kind: string, path: string) => string;
  problem: (p: Problem) => string | null;
  span: (minutes: number) => string;
  date: (rfc3339: string) => string;
  quote: (s: string) => string;
  colon: string;
  /** A record's title, composed from its parts when it has none of its own (recordTitle). */
  title?: (r: { kind: string; title?: string; parts?: TitleParts }) => string;
}

const fill = (msg: string, params: Record<string, string | number>) => msg.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

/**
 * The refusal in the reader's words, from the values the service sent with it: who, which
 * changes, and for a refused change each field and what is wrong with it. Empty when the
 * service sent no values (the title and what-to-do are then all there is to say).
 */
export function refusalLines(r: RefusalValues, w: RefusalWords): string[] {
  const out: string[] = [];
  const p = { ...(r.params ?? {}) };
  const problem = (r.problem ?? '').trim();
  if (problem && Object.keys(p).length > 0) {
    if (p.by_you === 'true') p.by = [w.tr('sync.detail.you', 'you'), ...(p.by ? [p.by] : [])].join(', ');
    // A name only the bundle's own card gives: said so in the reader's words.
    if (p.who_claimed === 'true' && p.who) {
      const note = w.tr('sync.name_not_verified', 'name not verified');
      p.who = p.who.endsWith(')') ? `${p.who.slice(0, -1)}, ${note})` : `${p.who} (${note})`;
    }
    // A range of one change is worded as one change: "Change 6", not "Changes 6 to 6".
    const one = p.from !== undefined && p.from === p.to ? w.tr(`sync.detail.${problem}.single`, '') : '';
    const msg = (p.case && w.tr(`sync.detail.${problem}.${p.case}`, '')) || one || w.tr(`sync.detail.${problem}`, '');
    if (msg) out.push(fill(msg, p));
    if (problem === 'missing_changes' && Number(p.more) > 0) out.push(fill(w.tr('sync.detail.more_gaps', ''), { n: p.more }));
  }
  const c = r.change;
  if (c) {
    const name = w.title ? w.title(c) : (c.title ?? '');
    const what = `${w.kind(c.kind)} ${name ? w.quote(name) : c.record}`;
    out.push(fill(w.tr('sync.detail.change', ''), { seq: c.seq, who: c.author, what }));
    const cp = { ...(c.params ?? {}) };
    if (c.rule === 'fields') {
      for (const [path, pr] of Object.entries(c.problems ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
        out.push(w.field(c.kind, path) + w.colon + (w.problem(pr) ?? pr.code));
      }
    } else if (c.rule === 'clock') {
      out.push(fill(w.tr('sync.detail.clock', ''), { span: w.span(Number(cp.minutes) || 0), at: cp.at ? w.date(cp.at) : '' }));
    } else {
      for (const k of ['kind', 'is', 'says'] as const) if (cp[k]) cp[k] = w.kind(cp[k]);
      const msg = w.tr(`sync.rule.${c.rule}`, '');
      if (msg) out.push(fill(msg, cp));
    }
  }
  return out;
}

/** A span of minutes in the largest whole unit, in the locale ("3 days", "3 jours"). */
export function spanText(minutes: number, locale: string): string {
  const units: [Intl.NumberFormatOptions['unit'], number][] = [
    ['year', 365 * 24 * 60],
    ['day', 24 * 60],
    ['hour', 60],
    ['minute', 1],
  ];
  for (const [unit, size] of units) {
    if (minutes >= size || unit === 'minute') {
      return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'unit', unit, unitDisplay: 'long' }).format(Math.floor(minutes / size));
    }
  }
  return String(minutes);
}

/**
 * What an unknown exporter's card says besides its name, for "Their card says “X” (…)": its
 * role and delegation, as far as the card gives them. A card without a delegation (the
 * usual case) still says who it claims to be: "(Delegate)", not "(—)".
 */
export function claimedAs(c: { role?: string; delegation?: string }, roleLabel: (role: string) => string): string {
  return [c.role ? roleLabel(c.role) : '', (c.delegation ?? '').trim()].filter(Boolean).join(', ') || '—';
}

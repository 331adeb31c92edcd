/**
 * Whether a text shows nothing: empty, or white space and zero-width characters alone, as
 * the backend's domain.IsBlank decides. A required text so made is missing ("is required");
 * one stored before that rule is shown as untitled (docs/model.md, "Blank text").
 */
export function isBlank(s: string | null | undefined): boolean {
  return !s || /^[\s\u0085\u200B-\u200D\u2060\uFEFF]*$/u.test(s);
}

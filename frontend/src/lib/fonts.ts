// Font stacks (docs/performance.md, "Window speed"). WebKitGTK asks fontconfig about every
// family in a stack that is not installed, for every size and weight a page uses: the named
// Windows and macOS faces cost the Linux window over half a second at its first layout. On
// Linux the stacks are the generic families, which fontconfig maps to the desktop's own fonts.

/** Whether the page runs on a Linux desktop (WebKitGTK window, or a browser on Linux). */
export function onLinux(ua: string): boolean {
  return /Linux|X11/.test(ua) && !/Android/.test(ua);
}

/** Marks the document for the CSS in app.css (:root[data-os='linux']). */
export function markOS(doc: Document = document, ua: string = navigator.userAgent): void {
  if (onLinux(ua)) doc.documentElement.dataset.os = 'linux';
}

/** The sans-serif stack in force (for SVG that is exported and read elsewhere). */
export function sansStack(doc: Document = document): string {
  const v = getComputedStyle(doc.documentElement).getPropertyValue('--font-sans').trim();
  return v || 'sans-serif';
}

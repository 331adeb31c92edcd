// An element's size, from a ResizeObserver only. Svelte's bind:clientHeight / bind:clientWidth
// also read the size once as the element is mounted, which forces a synchronous layout of the
// whole page while it is still being built; in the window (WebKit, software paint) that was
// the largest single cost of drawing a list (docs/performance.md, "Window speed"). A
// ResizeObserver reports after the browser's own layout, before paint.

/**
 * Svelte action: calls set(width, height) with the element's content size whenever it
 * changes. The size comes from the observer's entry: reading clientWidth there would force a
 * layout again once another observer's callback has changed the page.
 */
export function observeSize(node: HTMLElement, set: (width: number, height: number) => void) {
  let fn = set;
  const ro = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1].contentRect;
    fn(r.width, r.height);
  });
  ro.observe(node);
  return {
    update(next: (width: number, height: number) => void) {
      fn = next;
    },
    destroy() {
      ro.disconnect();
    },
  };
}

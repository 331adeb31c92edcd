// Tooltips on text cut by an ellipsis, everywhere at once: when the pointer reaches text whose
// style cuts it (text-overflow: ellipsis) and it is cut at the current width, its full text
// becomes its title. A title the screen set itself is left alone. Screen readers read the
// whole text anyway: the ellipsis is only drawn.

const MARK = 'data-cut-tip';

function cutBox(start: Element | null): HTMLElement | null {
  let el = start instanceof HTMLElement ? start : null;
  for (let depth = 0; el && depth < 4; depth++, el = el.parentElement) {
    if (getComputedStyle(el).textOverflow === 'ellipsis') return el;
  }
  return null;
}

function update(el: HTMLElement): void {
  const own = el.hasAttribute('title') && !el.hasAttribute(MARK);
  if (own) return;
  const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (cut && text) {
    el.setAttribute('title', text);
    el.setAttribute(MARK, '');
  } else if (el.hasAttribute(MARK)) {
    el.removeAttribute('title');
    el.removeAttribute(MARK);
  }
}

/** Listens on the document; returns the function that stops it. */
export function installCutTips(doc: Document = document): () => void {
  const on = (e: Event) => {
    const el = cutBox(e.target as Element | null);
    if (el) update(el);
  };
  doc.addEventListener('pointerover', on, { passive: true });
  doc.addEventListener('focusin', on);
  return () => {
    doc.removeEventListener('pointerover', on);
    doc.removeEventListener('focusin', on);
  };
}

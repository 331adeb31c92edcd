// A chart as a file for a slide: the SVG serialised from the page with its title on top, and
// a PNG drawn from that SVG on a canvas (docs/charts.md). The charts draw with attributes,
// not the page's CSS, so the file looks like the screen outside the app too.

const NS = 'http://www.w3.org/2000/svg';
const TITLE_BAND = 30;

/** The chart's SVG as a standalone file, with the title above it and a white background. */
export function svgText(svg: SVGSVGElement, title: string): string {
  const vb = svg.viewBox.baseVal;
  const w = vb?.width || svg.clientWidth;
  const h = (vb?.height || svg.clientHeight) + TITLE_BAND;
  const out = document.createElementNS(NS, 'svg');
  out.setAttribute('xmlns', NS);
  out.setAttribute('viewBox', `0 0 ${w} ${h}`);
  out.setAttribute('width', String(w));
  out.setAttribute('height', String(h));
  for (const a of ['font-family', 'font-size']) {
    const v = svg.getAttribute(a);
    if (v) out.setAttribute(a, v);
  }
  const bg = document.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  out.appendChild(bg);
  const head = document.createElementNS(NS, 'text');
  head.setAttribute('x', '0');
  head.setAttribute('y', '18');
  head.setAttribute('font-size', '14');
  head.setAttribute('font-weight', '700');
  head.setAttribute('fill', '#1c2230');
  head.textContent = title;
  out.appendChild(head);
  const body = document.createElementNS(NS, 'g');
  body.setAttribute('transform', `translate(0 ${TITLE_BAND})`);
  for (const child of [...svg.childNodes]) body.appendChild(child.cloneNode(true));
  out.appendChild(body);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out);
}

/** The file's SVG drawn at `scale` times its size on a canvas, as PNG bytes. */
export async function pngBytes(svg: SVGSVGElement, title: string, scale = 2): Promise<Uint8Array> {
  const text = svgText(svg, title);
  const vb = svg.viewBox.baseVal;
  const w = Math.round((vb?.width || svg.clientWidth) * scale);
  const h = Math.round(((vb?.height || svg.clientHeight) + TITLE_BAND) * scale);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error('the chart could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas to draw the chart on');
    ctx.drawImage(img, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
    if (!blob) throw new Error('the chart could not be encoded as PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

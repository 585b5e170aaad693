// The radar chart of the results, as an SVG string: no DOM, so Node.js tests
// check it too. The chart is an image with a title; the page puts a data
// table right after it, which is what assistive technologies read.

const escapeMap = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** @param {string} s */
export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => escapeMap[c]);

const WIDTH = 720, HEIGHT = 460, CX = 360, CY = 230, R = 140, LINE = 24, LH = 16;
// The phone variant: a square whose polygon fills the screen width, axes named
// by their number only (the table after the chart gives the names).
const COMPACT = { size: 400, c: 200, r: 125 };

const round = (n) => Math.round(n * 10) / 10;

function point(i, n, ratio, cx = CX, cy = CY, r = R) {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [round(cx + r * ratio * Math.cos(angle)), round(cy + r * ratio * Math.sin(angle))];
}

const clamp = (p) => Math.max(0, Math.min(100, Number.isFinite(p) ? p : 0)) / 100;

function polygon(values, cls, geo) {
  const pts = values.map((v, i) => point(i, values.length, clamp(v), ...geo).join(",")).join(" ");
  return `<polygon class="${cls}" points="${pts}"/>`;
}

/** Theme names wrap on words, at most LINE characters a line: never cut. */
export function wrap(text, max = LINE) {
  const lines = [];
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + " " + word).length <= max) lines[last] += " " + word;
    else lines.push(word);
  }
  return lines;
}

function grid(n, geo, parts) {
  const [cx, cy, r] = geo;
  for (const level of [25, 50, 75, 100]) parts.push(polygon(Array(n).fill(level), "rse-radar__grid", geo));
  for (let i = 0; i < n; i++) {
    const [x, y] = point(i, n, 1, ...geo);
    parts.push(`<line class="rse-radar__axis" x1="${cx}" y1="${cy}" x2="${x}" y2="${y}"/>`);
  }
  return [cx, cy, r];
}

function shapes(axes, previous, geo, parts) {
  if (previous && previous.length === axes.length) parts.push(polygon(previous, "rse-radar__previous", geo));
  parts.push(polygon(axes.map((a) => a.percent), "rse-radar__current", geo));
  axes.forEach((a, i) => {
    const [x, y] = point(i, axes.length, clamp(a.percent), ...geo);
    parts.push(`<circle class="rse-radar__dot" cx="${x}" cy="${y}" r="4"/>`);
  });
}

const valueText = (a) => esc(a.text ?? `${Math.round(a.percent)} %`);

/**
 * @param {{title: string, axes: {label: string, percent: number, text?: string}[], previous?: number[]|null, id?: string, compact?: boolean}} chart
 * @returns {string} an <svg> element, or "" below three axes (a radar needs a surface: see barsSvg)
 */
export function radarSvg({ title, axes, previous = null, id = "rse-radar", compact = false }) {
  const n = axes.length;
  if (n < 3) return "";
  const parts = [];
  const geo = compact ? [COMPACT.c, COMPACT.c, COMPACT.r] : [CX, CY, R];
  const [w, h] = compact ? [COMPACT.size, COMPACT.size] : [WIDTH, HEIGHT];
  const [cx, cy, r] = geo;
  parts.push(`<svg class="rse-radar${compact ? " rse-radar--compact" : " rse-radar--wide"}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="${id}-title" focusable="false">`);
  parts.push(`<title id="${id}-title">${esc(title)}</title>`);
  grid(n, geo, parts);
  shapes(axes, previous, geo, parts);
  // The scale goes over the polygons, on a halo: under them it was hidden.
  for (const level of [50, 100]) {
    parts.push(`<text class="rse-radar__scale" x="${cx + 4}" y="${round(cy - r * (level / 100)) + 12}">${level} %</text>`);
  }
  axes.forEach((a, i) => {
    const [x, y] = point(i, n, compact ? 1.12 : 1.1, ...geo);
    const anchor = x > cx + 1 ? "start" : x < cx - 1 ? "end" : "middle";
    const lines = compact ? [`${i + 1}.`] : wrap(`${i + 1}. ${a.label}`);
    const lh = compact ? 22 : LH;
    const count = lines.length + 1;
    // Labels above the chart grow upwards, below it downwards, beside it both ways.
    const top = y < cy - r * 0.9 ? y - (count - 1) * lh - 4 : y > cy + r * 0.9 ? y + 12 : y - ((count - 1) * lh) / 2 + 4;
    const tspans = [...lines.map((line, k) => `<tspan x="${x}" ${k ? `dy="${lh}"` : `y="${round(top)}"`}>${esc(line)}</tspan>`),
      `<tspan class="rse-radar__value" x="${x}" dy="${lh}">${valueText(a)}</tspan>`];
    parts.push(`<text class="rse-radar__label" text-anchor="${anchor}">${tspans.join("")}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

/**
 * The profile of a referential of one or two themes, where a radar has no
 * surface: one horizontal bar per theme, with its name and value.
 * @param {{title: string, axes: {label: string, percent: number, text?: string}[], previous?: number[]|null, id?: string}} chart
 */
export function barsSvg({ title, axes, previous = null, id = "rse-radar" }) {
  const width = 400, track = 300, lh = 18;
  const rows = [];
  let y = 4;
  axes.forEach((a, i) => {
    const lines = wrap(`${i + 1}. ${a.label}`, 42);
    const names = lines.map((line, k) => `<tspan x="0" ${k ? `dy="${lh}"` : `y="${y + 14}"`}>${esc(line)}</tspan>`).join("");
    const bar = y + lines.length * lh + 4;
    const fill = round(track * clamp(a.percent));
    rows.push(`<text class="rse-radar__label">${names}</text>`,
      `<rect class="rse-radar__track" x="0" y="${bar}" width="${track}" height="22"/>`,
      `<rect class="rse-radar__current" x="0" y="${bar}" width="${fill}" height="22"/>`,
      `<text class="rse-radar__label rse-radar__value" x="${track + 8}" y="${bar + 17}">${valueText(a)}</text>`);
    if (previous && previous.length === axes.length) {
      const px = round(track * clamp(previous[i]));
      rows.push(`<line class="rse-radar__previous" x1="${px}" y1="${bar - 4}" x2="${px}" y2="${bar + 26}"/>`);
    }
    y = bar + 22 + 14;
  });
  return `<svg class="rse-radar rse-radar--bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${y}" role="img" aria-labelledby="${id}-title" focusable="false">`
    + `<title id="${id}-title">${esc(title)}</title>${rows.join("")}</svg>`;
}

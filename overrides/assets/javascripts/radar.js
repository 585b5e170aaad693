// The radar chart of the results, as an SVG string: no DOM, so Node.js tests
// check it too. The chart is an image with a title; the page puts a data
// table right after it, which is what assistive technologies read.

const escapeMap = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** @param {string} s */
export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => escapeMap[c]);

const WIDTH = 720, HEIGHT = 400, CX = 360, CY = 195, R = 140, LABEL_MAX = 30;

const round = (n) => Math.round(n * 10) / 10;

function point(i, n, ratio) {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [round(CX + R * ratio * Math.cos(angle)), round(CY + R * ratio * Math.sin(angle))];
}

const clamp = (p) => Math.max(0, Math.min(100, Number.isFinite(p) ? p : 0)) / 100;

function polygon(values, cls) {
  const pts = values.map((v, i) => point(i, values.length, clamp(v)).join(",")).join(" ");
  return `<polygon class="${cls}" points="${pts}"/>`;
}

// Long theme names are cut: the table after the chart has them in full.
const shorten = (s) => (s.length > LABEL_MAX - 3 ? s.slice(0, LABEL_MAX - 4).trimEnd() + "…" : s);

/**
 * @param {{title: string, axes: {label: string, percent: number, text?: string}[], previous?: number[]|null, id?: string}} chart
 * @returns {string} an <svg> element, or "" below three axes (a radar needs a surface)
 */
export function radarSvg({ title, axes, previous = null, id = "rse-radar" }) {
  const n = axes.length;
  if (n < 3) return "";
  const parts = [];
  parts.push(`<svg class="rse-radar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title" focusable="false">`);
  parts.push(`<title id="${id}-title">${esc(title)}</title>`);
  for (const level of [25, 50, 75, 100]) {
    parts.push(polygon(axes.map(() => level), "rse-radar__grid"));
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = point(i, n, 1);
    parts.push(`<line class="rse-radar__axis" x1="${CX}" y1="${CY}" x2="${x}" y2="${y}"/>`);
  }
  for (const level of [50, 100]) {
    parts.push(`<text class="rse-radar__scale" x="${CX + 4}" y="${round(CY - R * (level / 100)) + 12}">${level} %</text>`);
  }
  if (previous && previous.length === n) parts.push(polygon(previous, "rse-radar__previous"));
  parts.push(polygon(axes.map((a) => a.percent), "rse-radar__current"));
  axes.forEach((a, i) => {
    const [x, y] = point(i, n, clamp(a.percent));
    parts.push(`<circle class="rse-radar__dot" cx="${x}" cy="${y}" r="4"/>`);
  });
  axes.forEach((a, i) => {
    const [x, y] = point(i, n, 1.1);
    const anchor = x > CX + 1 ? "start" : x < CX - 1 ? "end" : "middle";
    // Labels above the chart grow upwards, below it downwards: two lines each.
    const dy = y < CY - R * 0.9 ? -18 : y > CY + R * 0.9 ? 12 : -4;
    parts.push(`<text class="rse-radar__label" x="${x}" y="${round(y + dy)}" text-anchor="${anchor}">`
      + `<tspan class="rse-radar__num">${i + 1}.</tspan><tspan class="rse-radar__name"> ${esc(shorten(a.label))}</tspan>`
      + `<tspan class="rse-radar__value" x="${x}" dy="1.25em">`
      + `${esc(a.text ?? `${Math.round(a.percent)} %`)}</tspan></text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

// The synthesis's distribution chart, as an SVG string: one horizontal box
// plot per theme on a 0-100 % scale (whiskers from minimum to maximum, the
// box from the first to the third quartile, a thick bar at the median). No
// DOM, like radar.js. Shapes, not colours, tell the parts apart, and the
// page puts a table of the same numbers right after the chart.

import { esc, wrap } from "./radar.js";

const ROW = 30, PAD = 8, AXIS = 34;
const round = (n) => Math.round(n * 10) / 10;
const clamp = (p) => Math.max(0, Math.min(100, Number.isFinite(p) ? p : 0));

/**
 * @typedef {{label: string, stats: {min: number, q1: number, mediane: number, q3: number, max: number}|null, note: string}} BoxRow
 *   note: the text after the label (the median in words, or why there is no box)
 */

/** One row: its label lines, then its box (or nothing, when stats is null). */
function row(r, y, geo, chars) {
  const { x0, span, lh } = geo;
  const x = (v) => round(x0 + (span * clamp(v)) / 100);
  // radar.js's wrap splits on any space: a no-break space ("40 %") must hold.
  const lines = wrap(`${r.label} · ${r.note}`.replace(/\u00a0/g, "\u0001"), chars).map((l) => l.replace(/\u0001/g, "\u00a0"));
  const parts = [`<text class="rse-box__label">${lines.map((line, k) =>
    `<tspan x="${x0}" ${k ? `dy="${lh}"` : `y="${y + lh - 3}"`}>${esc(line)}</tspan>`).join("")}</text>`];
  let bottom = y + lines.length * lh + 4;
  if (r.stats) {
    const s = r.stats, mid = bottom + ROW / 2, top = bottom + 5, height = ROW - 10;
    parts.push(`<line class="rse-box__whisker" x1="${x(s.min)}" y1="${mid}" x2="${x(s.q1)}" y2="${mid}"/>`,
      `<line class="rse-box__whisker" x1="${x(s.q3)}" y1="${mid}" x2="${x(s.max)}" y2="${mid}"/>`,
      ...[s.min, s.max].map((v) => `<line class="rse-box__cap" x1="${x(v)}" y1="${top + 3}" x2="${x(v)}" y2="${top + height - 3}"/>`),
      `<rect class="rse-box__box" x="${x(s.q1)}" y="${top}" width="${round(Math.max(x(s.q3) - x(s.q1), 1))}" height="${height}"/>`,
      `<line class="rse-box__median" x1="${x(s.mediane)}" y1="${top - 3}" x2="${x(s.mediane)}" y2="${top + height + 3}"/>`);
    bottom += ROW;
  }
  return { svg: parts.join(""), bottom: bottom + PAD };
}

/**
 * @param {{title: string, rows: BoxRow[], id?: string, compact?: boolean}} chart
 * @returns {string} an <svg> element with a title; the figures are in the page's table
 */
export function boxplotSvg({ title, rows, id = "rse-box", compact = false }) {
  const width = compact ? 360 : 720, chars = compact ? 36 : 90;
  const geo = { x0: 12, span: width - 30, lh: compact ? 20 : 17 };
  const body = [];
  let y = 4;
  for (const r of rows) {
    const drawn = row(r, y, geo, chars);
    body.push(drawn.svg);
    y = drawn.bottom;
  }
  const grid = [0, 25, 50, 75, 100].map((v) => {
    const x = round(geo.x0 + (geo.span * v) / 100);
    const anchor = v === 0 ? "start" : v === 100 ? "end" : "middle";
    return `<line class="rse-box__grid" x1="${x}" y1="0" x2="${x}" y2="${y}"/>`
      + `<text class="rse-box__scale" x="${x}" y="${y + 20}" text-anchor="${anchor}">${v} %</text>`;
  });
  return `<svg class="rse-box rse-box--${compact ? "compact" : "wide"}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${y + AXIS}" `
    + `role="img" aria-labelledby="${id}-title" focusable="false"><title id="${id}-title">${esc(title)}</title>`
    + `${grid.join("")}${body.join("")}</svg>`;
}

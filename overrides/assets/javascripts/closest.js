// "Vouliez-vous dire … ?" as the check computes it: a port of Python's
// difflib.get_close_matches(word, candidates, n=1, cutoff=0.6), so that the
// company form suggests the same correction as `python -m generator check`.
// Pure: no DOM, runs in Node.js for tests (tests/site/test_proposal.py).

/** Length of the longest common block of a[alo:ahi] and b[blo:bhi] (difflib's find_longest_match). */
function longestMatch(a, b, b2j, alo, ahi, blo, bhi) {
  let besti = alo, bestj = blo, bestsize = 0;
  let j2len = new Map();
  for (let i = alo; i < ahi; i++) {
    const next = new Map();
    for (const j of b2j.get(a[i]) || []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) || 0) + 1;
      next.set(j, k);
      if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
    }
    j2len = next;
  }
  // Characters left out of b2j as too frequent ("autojunk") still extend a match.
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return [besti, bestj, bestsize];
}

/** SequenceMatcher(None, a, b).ratio(), on code points as Python counts them. */
export function ratio(aText, bText) {
  const a = Array.from(aText), b = Array.from(bText);
  if (a.length + b.length === 0) return 1;
  const b2j = new Map();
  b.forEach((ch, j) => { if (!b2j.has(ch)) b2j.set(ch, []); b2j.get(ch).push(j); });
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [ch, js] of [...b2j]) if (js.length > limit) b2j.delete(ch);
  }
  let matches = 0;
  const queue = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop();
    const [i, j, k] = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (!k) continue;
    matches += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return (2 * matches) / (a.length + b.length);
}

/** The candidate an editor most likely meant, or null (errors.closest). */
export function closest(word, candidates) {
  let best = null, bestScore = -1;
  for (const candidate of candidates) {
    const score = ratio(candidate, word);
    // heapq.nlargest on (score, candidate): ties go to the greater string.
    if (score >= 0.6 && (score > bestScore || (score === bestScore && candidate > best))) {
      best = candidate; bestScore = score;
    }
  }
  return best;
}

/** Fill a message template of generator/messages.py: "{name}" fields. */
export function fill(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** errors.choices_hint: a correction, else the first possible values. */
export function choicesHint(word, candidates, messages) {
  const sorted = [...candidates].sort();
  const close = closest(word, sorted);
  if (close) return fill(messages.vouliez_vous_dire, { close });  // as errors.suggest: "" is no suggestion
  if (!sorted.length) return "";
  const shown = sorted.slice(0, 12).map((c) => `'${c}'`).join(", ");
  return fill(messages.valeurs_possibles, { shown, more: sorted.length > 12 ? " …" : "" });
}

/**
 * Interval arithmetic on half-open spans `[start, end)` of epoch milliseconds. Pure and tiny: the
 * working-time maths (shifts minus breaks, time off and closures) is built from these three steps.
 * A list is "normal" when its spans are non-empty, sorted and disjoint, and touching spans are joined
 * (10:00–12:00 and 12:00–14:00 are one stretch of work).
 */

export interface Span {
  start: number;
  end: number;
}

/** Empty spans dropped, the rest sorted and merged where they overlap or touch. */
export function normalize(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const { start, end } of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** What of `spans` lies in none of `cuts` (both lists in any order). */
export function subtract(spans: readonly Span[], cuts: readonly Span[]): Span[] {
  const holes = normalize(cuts);
  const out: Span[] = [];
  let h = 0;
  for (const span of normalize(spans)) {
    let start = span.start;
    // Holes are sorted and so are spans: a hole that ends before this span ends before every later one.
    while (h < holes.length && holes[h].end <= start) h++;
    for (let i = h; i < holes.length && holes[i].start < span.end; i++) {
      if (holes[i].start > start) out.push({ start, end: holes[i].start });
      start = Math.max(start, holes[i].end);
    }
    if (start < span.end) out.push({ start, end: span.end });
  }
  return out;
}

/** What lies in both `a` and `b` (in any order). */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const left = normalize(a);
  const right = normalize(b);
  const out: Span[] = [];
  for (let i = 0, j = 0; i < left.length && j < right.length;) {
    const start = Math.max(left[i].start, right[j].start);
    const end = Math.min(left[i].end, right[j].end);
    if (start < end) out.push({ start, end });
    if (left[i].end < right[j].end) i++;
    else j++;
  }
  return out;
}

/** The parts of `spans` inside `[from, to)`. */
export function clip(spans: readonly Span[], from: number, to: number): Span[] {
  return intersect(spans, [{ start: from, end: to }]);
}

/** Total length of normal spans, in milliseconds. */
export function totalLength(spans: readonly Span[]): number {
  return spans.reduce((sum, span) => sum + span.end - span.start, 0);
}

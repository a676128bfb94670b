/**
 * Span lists for the availability calculator: `[start, end)` in epoch ms, kept sorted, disjoint and
 * merged where they touch, so both starts and ends are ascending and one binary search answers
 * "is this free?" or "is this inside working time?" (a store's fortnight is thousands of spans).
 */
import type { Span } from './availability-model.js';

/** Empty spans dropped, the rest sorted and merged where they overlap or touch (a new array). */
export function normalizeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const { start, end } of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** The index of the first span of a normal list that ends after `instant` (the list's length when none does). */
function firstEndingAfter(spans: readonly Span[], instant: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (spans[mid].end > instant) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Whether `[start, end)` (non-empty) meets any span of a normal list. */
export function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  if (end <= start) return false;
  const i = firstEndingAfter(spans, start);
  return i < spans.length && spans[i].start < end;
}

/** Whether one span of a normal list holds all of `[start, end)` (merged lists: one span or none). */
export function containsSpan(spans: readonly Span[], start: number, end: number): boolean {
  const i = firstEndingAfter(spans, start);
  return i < spans.length && spans[i].start <= start && spans[i].end >= end;
}

/** Whether two short lists (a segment's pieces) meet anywhere. */
export function spansMeet(a: readonly Span[], b: readonly Span[]): boolean {
  for (const x of a) for (const y of b) if (x.start < y.end && y.start < x.end) return true;
  return false;
}

/**
 * Skipping ahead on an ascending walk of starts. The earliest start at or after `from` whose
 * `[start, start + length)` might lie inside one span of a normal list (Infinity: none ever will).
 */
export function nextFitInside(spans: readonly Span[], from: number, length: number): number {
  const i = firstEndingAfter(spans, from);
  if (i === spans.length) return Infinity;
  if (spans[i].start > from) return spans[i].start;
  if (from + length <= spans[i].end) return from;
  return i + 1 < spans.length ? spans[i + 1].start : Infinity;
}

/**
 * Skipping ahead on an ascending walk of starts. The earliest start at which `pieces` (laid out from
 * `base`) could miss `busy`: a piece that meets a busy span keeps meeting it, as the start moves
 * later, until the piece begins where that span ends.
 */
export function clearOfFrom(busy: readonly Span[], pieces: readonly Span[], base: number): number {
  let until = base;
  for (const piece of pieces) {
    const i = firstEndingAfter(busy, piece.start);
    if (i < busy.length && busy[i].start < piece.end) until = Math.max(until, busy[i].end - (piece.start - base));
  }
  return until;
}

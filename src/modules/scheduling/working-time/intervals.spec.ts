import fc from 'fast-check';
import { clip, intersect, normalize, subtract, totalLength, type Span } from './intervals.js';

const s = (start: number, end: number): Span => ({ start, end });

describe('interval arithmetic on [start, end)', () => {
  it('normalizes: drops empty spans, sorts, and joins spans that overlap or touch', () => {
    expect(normalize([s(50, 60), s(10, 20), s(15, 30), s(30, 40), s(5, 5), s(70, 65)])).toEqual([s(10, 40), s(50, 60)]);
    expect(normalize([])).toEqual([]);
  });

  it('does not change the spans it is given', () => {
    const input = [s(10, 20), s(15, 30)];
    normalize(input);
    expect(input).toEqual([s(10, 20), s(15, 30)]);
  });

  it('subtracts holes inside, across the edges of and outside the spans', () => {
    expect(subtract([s(10, 100)], [s(20, 30), s(50, 60)])).toEqual([s(10, 20), s(30, 50), s(60, 100)]);
    expect(subtract([s(10, 100)], [s(0, 20), s(90, 200)])).toEqual([s(20, 90)]);
    expect(subtract([s(10, 20), s(30, 40)], [s(15, 35)])).toEqual([s(10, 15), s(35, 40)]);
    expect(subtract([s(10, 20)], [s(0, 10), s(20, 30)])).toEqual([s(10, 20)]);
    expect(subtract([s(10, 20)], [s(0, 100)])).toEqual([]);
    expect(subtract([s(10, 20)], [])).toEqual([s(10, 20)]);
  });

  it('intersects and clips', () => {
    expect(intersect([s(0, 10), s(20, 30)], [s(5, 25)])).toEqual([s(5, 10), s(20, 25)]);
    expect(intersect([s(0, 10)], [s(10, 20)])).toEqual([]);
    expect(clip([s(0, 10), s(20, 30), s(40, 50)], 5, 45)).toEqual([s(5, 10), s(20, 30), s(40, 45)]);
    expect(totalLength([s(5, 10), s(20, 30)])).toBe(15);
  });

  it('agrees with a minute-by-minute count for random lists', () => {
    const span = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 })).map(([start, length]) => s(start, start + length));
    const list = fc.array(span, { maxLength: 8 });
    const minutes = (spans: Span[]) => {
      const set = new Set<number>();
      for (const { start, end } of spans) for (let m = start; m < end; m++) set.add(m);
      return set;
    };
    const isNormal = (spans: Span[]) => spans.every((x, i) => x.start < x.end && (i === 0 || spans[i - 1].end < x.start));
    fc.assert(
      fc.property(list, list, (a, b) => {
        const [ma, mb] = [minutes(a), minutes(b)];
        const diff = subtract(a, b);
        const both = intersect(a, b);
        expect(isNormal(normalize(a)) && isNormal(diff) && isNormal(both)).toBe(true);
        expect(minutes(normalize(a))).toEqual(ma);
        expect(minutes(diff)).toEqual(new Set([...ma].filter((m) => !mb.has(m))));
        expect(minutes(both)).toEqual(new Set([...ma].filter((m) => mb.has(m))));
      }),
    );
  });
});

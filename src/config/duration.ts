/** Parses durations written as `500ms`, `30s`, `15m`, `24h`, `30d` (or a bare number of milliseconds). */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * UNITS[match[2] ?? 'ms'];
  return Number.isFinite(value) ? Math.round(value) : undefined;
}

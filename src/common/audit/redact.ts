/** Field names whose values never reach the audit log or the logs. */
const SENSITIVE = /pass(word)?|hash|token|secret|phone|mobile|tel(ephone)?$|e-?mail|birth|dob$|address|care_?notes|allerg|id_?(card|number|no)$|passport|api_?key/i;

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (depth > 8) return '[redacted]'; // deeper than any record of ours: refuse rather than leak
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SENSITIVE.test(key) && inner !== null && inner !== undefined ? '[redacted]' : redact(inner, depth + 1);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Quiet hours hold back SMS and WeChat until morning (notifications' rule). A message about an
 * appointment that starts within this long is sent at once instead: held until the quiet hours end
 * (at most one night), it could arrive after the customer set out or the appointment began.
 */
export const URGENT_WITHIN_MS = 12 * 3_600_000;

export function startsSoon(startsAt: Date, nowMs: number): boolean {
  return startsAt.getTime() - nowMs < URGENT_WITHIN_MS;
}

import { SetMetadata } from '@nestjs/common';
import { kindName, type DeadlineKind } from './deadline-kind.js';

export const DEADLINE_HANDLER_METADATA = 'bloom:deadline-handler';

/** What a handler is given: the deadline it won the claim on. */
export interface DueDeadline {
  id: string;
  kind: string;
  subjectId: string;
  dueAt: Date;
  firedAt: Date;
  /** Runs so far, this one included (more than 1 after failures). */
  attempts: number;
}

/**
 * Marks the provider method that acts when a deadline of `kind` falls due. Exactly one per declared kind.
 *
 * For module authors:
 * - The method runs inside the transaction that claimed the deadline (`UPDATE deadline SET status =
 *   'fired' … WHERE status = 'pending'`): your writes (`this.db`, `@Transactional()` services, audit,
 *   events) commit together with the claim, or not at all. Throw to roll back; the job is retried
 *   with backoff, then by the sweeper. Never swallow an error you want retried.
 * - Re-read the subject and act only if the promise is still unmet (the order is still unconfirmed,
 *   the appointment still booked). Completing the step should cancel the deadline, but a job can
 *   still arrive late or twice; the claim stops the second one, your check stops stale ones.
 * - Keep it short and local: no slow calls to the outside world inside the transaction. Send messages
 *   through the outbox, written here and delivered after commit. A handler still running after
 *   DEADLINE_HANDLER_TIMEOUT fails like one that threw (each of its statements is also cut off there).
 * - It never runs before `dueAt` by PostgreSQL's clock, even when a job arrives early.
 *
 *     @DeadlineHandler(ORDER_CONFIRM)
 *     async expire(deadline: DueDeadline): Promise<void> { … }
 */
export function DeadlineHandler(kind: DeadlineKind | string): MethodDecorator {
  return SetMetadata(DEADLINE_HANDLER_METADATA, kindName(kind));
}

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { toStaffMessageResponse } from './dto/staff-message.dto.js';
import type { StaffMessage } from './staff-message.entity.js';
import type { MessagePosition } from './staff-messages.service.js';
import type { StreamHolder } from './stream-tickets.js';

/** Why the server ended a stream, sent as the `data` of a last `close` event. */
export type CloseReason = 'revoked' | 'replaced' | 'shutdown' | 'slow';

/** The ids a stream remembers having sent, so a message that arrives twice (live and caught up) is written once. */
const SENT_MEMORY = 1_000;

function isAfter(row: MessagePosition, position: MessagePosition): boolean {
  const a = row.createdAt.getTime();
  const b = position.createdAt.getTime();
  return a > b || (a === b && row.id > position.id);
}

/** One open Server-Sent Events response. */
export class OpenStream {
  readonly id = randomUUID();
  readonly openedAt = Date.now();
  lastWriteAt = this.openedAt;
  closed = false;
  /** False while missed messages are being sent: new ones wait behind them. */
  live = false;
  /**
   * The newest message seen, where a catch-up continues from; at first the moment the stream opened
   * (a reconnected subscription then fetches what was published while it was down).
   */
  position: MessagePosition;
  private waiting: StaffMessage[] = [];
  private readonly sent = new Set<string>();

  constructor(
    readonly holder: StreamHolder,
    private readonly raw: ServerResponse,
  ) {
    this.position = { createdAt: new Date(this.openedAt), id: '00000000-0000-0000-0000-000000000000' };
  }

  /** New messages: written now when live, else after the missed ones. */
  push(rows: StaffMessage[]): void {
    if (this.live) this.send(rows);
    else this.waiting.push(...rows);
  }

  goLive(): void {
    this.live = true;
    const waiting = this.waiting;
    this.waiting = [];
    this.send(waiting);
  }

  send(rows: readonly StaffMessage[]): void {
    for (const row of rows) {
      if (this.closed) return;
      if (isAfter(row, this.position)) this.position = { createdAt: row.createdAt, id: row.id };
      if (this.sent.has(row.id)) continue;
      this.sent.add(row.id);
      if (this.sent.size > SENT_MEMORY) this.sent.delete(this.sent.values().next().value!);
      // JSON.stringify escapes line breaks, so the data is one line whatever the message says.
      this.write(`id: ${row.id}\nevent: notification\ndata: ${JSON.stringify(toStaffMessageResponse(row))}\n\n`);
    }
  }

  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  /** Bytes written but not yet taken by the client. */
  get backlog(): number {
    return this.raw.writableLength;
  }

  end(reason?: CloseReason): void {
    if (this.closed) return;
    if (reason) this.raw.write(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.closed = true;
    this.raw.end();
  }

  private write(chunk: string): void {
    if (this.closed) return;
    this.raw.write(chunk);
    this.lastWriteAt = Date.now();
  }
}

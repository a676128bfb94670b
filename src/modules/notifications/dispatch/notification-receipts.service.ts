import { Inject, Injectable } from '@nestjs/common';
import { Db, Transactional } from '../../../common/database/index.js';
import type { ReceiptParser, ReceiptRequest } from '../notification-contracts.js';
import { ReceiptParsers } from '../channels/receipt-parsers.js';

/**
 * Providers' delivery receipts: the provider's parser checks the signature and reads the updates;
 * each marks the notification the provider knows by its message id `delivered` or `failed`. A
 * receipt applied twice changes nothing the second time, and one for a message Bloom does not know
 * (or no longer holds) is accepted and ignored, so the provider stops retrying it.
 */
@Injectable()
export class NotificationReceiptsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReceiptParsers) private readonly parsers: ReceiptParsers,
  ) {}

  /** Answers how many notifications changed. */
  @Transactional()
  async apply(provider: string, request: ReceiptRequest): Promise<{ parser: ReceiptParser; changed: number }> {
    // An unknown provider, or one whose receipts cannot be checked here, answers 404 (ReceiptParsers).
    const parser = this.parsers.get(provider);
    let changed = 0;
    for (const update of parser.parse(request)) {
      changed +=
        update.status === 'delivered'
          ? await this.db.execute(`UPDATE notification SET status = 'delivered', delivered_at = $3 WHERE provider = $1 AND provider_message_id = $2 AND status = 'sent'`, [
              parser.provider,
              update.providerMessageId,
              update.at ?? new Date(),
            ])
          : await this.db.execute(
              `UPDATE notification SET status = 'failed', reason = 'rejected', last_error = $3, failed_at = $4
                WHERE provider = $1 AND provider_message_id = $2 AND status = 'sent'`,
              [parser.provider, update.providerMessageId, (update.error ?? 'the provider reported the message undelivered').slice(0, 1000), update.at ?? new Date()],
            );
    }
    return { parser, changed };
  }
}

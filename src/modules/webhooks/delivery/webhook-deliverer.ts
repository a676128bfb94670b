import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db } from '../../../common/database/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { signWebhook, webhookId } from '../webhook-signature.js';
import { WEBHOOK_ENDPOINT_DISABLED } from '../webhooks.events.js';
import { postWebhook, WebhookConnections, type WebhookOutcome } from './webhook-http.js';

interface ClaimedMessage {
  id: string;
  endpointId: string;
  body: string;
  attempts: number;
  cycleStart: number;
  url: string;
  endpointStatus: string;
  secrets: string[];
}

/** The next attempt of a message whose attempt failed, for the queue to schedule. */
export interface WebhookRetry {
  messageId: string;
  attempt: number;
  delayMs: number;
}

/** Extra time a claim outlives the attempt's timeout, so a slow but finished attempt is not taken over. */
const LEASE_MARGIN_MS = 15_000;
/** A job may fire a little before the due time it was scheduled for (clocks, timer rounding). */
const EARLY_TOLERANCE = "interval '1 second'";

/**
 * One attempt of one webhook message. The message is claimed with a conditional update (never two
 * attempts at once, whatever Bull does; the claim is a lease, so a worker that dies mid-attempt only
 * delays the message), sent outside any transaction, then recorded in one: the attempt row, the
 * message's next state on the retry schedule, and the endpoint's failing streak, which disables it
 * (and publishes `webhook_endpoint.disabled`) once it has lasted WEBHOOK_DISABLE_AFTER.
 */
@Injectable()
export class WebhookDeliverer implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  /** Kept-alive connections to endpoints, reused only for an address the attempt checked (see WebhookConnections). */
  private readonly connections = new WebhookConnections();

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
  ) {
    if (config.NODE_ENV === 'production' && config.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
      throw new Error('WEBHOOK_ALLOW_PRIVATE_TARGETS=true is refused in production: it would let webhooks reach internal services and cloud metadata (SSRF)');
    }
  }

  /** Runs after the queue's beforeApplicationShutdown let the attempts in flight finish. */
  onApplicationShutdown(): void {
    this.connections.close();
  }

  /** Answers the retry to schedule when the attempt failed and the schedule is not spent. */
  async attempt(messageId: string): Promise<WebhookRetry | undefined> {
    const message = await this.claim(messageId);
    if (!message) return undefined; // finished, not due, or being attempted elsewhere
    const startedAt = new Date();
    const outcome: WebhookOutcome =
      message.endpointStatus === 'enabled'
        ? await postWebhook(this.request(message, startedAt), {
            httpsOnly: this.config.NODE_ENV === 'production',
            allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
            timeoutMs: this.config.WEBHOOK_TIMEOUT,
            connections: this.connections,
          })
        : { succeeded: false, statusCode: null, excerpt: null, error: 'the endpoint is disabled: nothing was sent', durationMs: 0 };
    return this.db.transaction(() => this.record(message, startedAt, outcome));
  }

  private request(message: ClaimedMessage, at: Date) {
    const id = webhookId(message.id);
    const timestamp = Math.floor(at.getTime() / 1000);
    return {
      url: message.url,
      body: message.body,
      headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(message.secrets, id, timestamp, message.body) },
    };
  }

  private async claim(id: string): Promise<ClaimedMessage | undefined> {
    const [row] = await this.db.rows<ClaimedMessage>(
      `UPDATE webhook_message m SET attempts = m.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
         FROM webhook_endpoint e
        WHERE m.id = $1 AND e.id = m.endpoint_id AND m.status = 'pending' AND m.next_attempt_at <= now() + ${EARLY_TOLERANCE}
      RETURNING m.id, m.endpoint_id AS "endpointId", m.body, m.attempts, m.cycle_start AS "cycleStart", e.url, e.status AS "endpointStatus",
                array_remove(ARRAY[e.secret, CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END], NULL) AS secrets`,
      [id, this.config.WEBHOOK_TIMEOUT + LEASE_MARGIN_MS],
    );
    return row;
  }

  private async record(message: ClaimedMessage, startedAt: Date, outcome: WebhookOutcome): Promise<WebhookRetry | undefined> {
    // The message may be gone (its endpoint deleted meanwhile): then there is nothing to record.
    await this.db.execute(
      `INSERT INTO webhook_attempt (message_id, attempt, started_at, duration_ms, status_code, response_excerpt, error, succeeded)
       SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM webhook_message WHERE id = $1`,
      [message.id, message.attempts, startedAt, outcome.durationMs, outcome.statusCode, outcome.excerpt, outcome.error, outcome.succeeded],
    );
    const disabled = message.endpointStatus !== 'enabled' || (!outcome.succeeded && (await this.failingTooLong(message.endpointId, startedAt)));
    if (outcome.succeeded) {
      await this.db.execute(`UPDATE webhook_endpoint SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [message.endpointId]);
    }
    const schedule = this.config.WEBHOOK_RETRY_SCHEDULE;
    const inCycle = message.attempts - message.cycleStart;
    const delayMs = outcome.succeeded || disabled ? undefined : schedule[inCycle - 1];
    const status = outcome.succeeded ? 'delivered' : delayMs === undefined ? 'failed' : 'pending';
    const updated = await this.db.execute(
      `UPDATE webhook_message
          SET status = $3,
              next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $4 * interval '1 millisecond' END,
              finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [message.id, message.attempts, status, delayMs ?? 0],
    );
    const context = { webhookMessageId: message.id, endpointId: message.endpointId, attempt: message.attempts, error: outcome.error };
    if (updated === 0) {
      // Our lease ran out and another attempt took the message (or it was deleted): that one decides.
      this.logger.warn(context, 'webhook attempt finished after its claim expired; the later attempt decides the message');
      return undefined;
    }
    if (status === 'failed') this.logger.warn(context, `webhook message failed after ${inCycle} attempts`);
    return status === 'pending' ? { messageId: message.id, attempt: message.attempts + 1, delayMs: delayMs! } : undefined;
  }

  /**
   * Extends the endpoint's failing streak; once it has lasted WEBHOOK_DISABLE_AFTER, disables the
   * endpoint (one conditional update: of attempts failing at once, one disables and tells) and
   * answers true.
   */
  private async failingTooLong(endpointId: string, failedAt: Date): Promise<boolean> {
    const [endpoint] = await this.db.rows<{ status: string; failingSince: Date }>(
      `UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING status, failing_since AS "failingSince"`,
      [endpointId, failedAt],
    );
    if (!endpoint) return false;
    if (endpoint.status !== 'enabled') return true;
    const [disabled] = await this.db.rows<{ url: string; failingSince: Date }>(
      `UPDATE webhook_endpoint SET status = 'disabled', disabled_reason = 'failing', disabled_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND status = 'enabled' AND failing_since <= now() - $2 * interval '1 millisecond'
      RETURNING url, failing_since AS "failingSince"`,
      [endpointId, this.config.WEBHOOK_DISABLE_AFTER],
    );
    if (!disabled) return false;
    const payload = { endpointId, url: disabled.url, reason: 'failing' as const, failingSince: disabled.failingSince.toISOString() };
    await this.events.publish(WEBHOOK_ENDPOINT_DISABLED, payload);
    await this.audit.record({ action: 'webhook_endpoint.disable', entityType: 'webhook_endpoint', entityId: endpointId, after: { status: 'disabled', ...payload } });
    this.logger.warn(payload, 'webhook endpoint disabled: it has been failing for too long');
    return true;
  }
}

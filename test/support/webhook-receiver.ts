/**
 * A partner's webhook receiver for e2e tests: a real HTTP server on 127.0.0.1 that keeps every
 * request (headers and the body as received) and answers as the test says; `verify()` checks a
 * request the way partners do, with the standardwebhooks package. Also the test-only webhook event
 * types (`test_thing.changed`, `test_gadget.created`) on test-only durable events, and a probe that
 * publishes them in a transaction, as a business module would.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Inject, Injectable, Module } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Webhook } from 'standardwebhooks';
import { Db, Transactional } from '../../src/common/database/index.js';
import { DurableEvents } from '../../src/common/events/index.js';
import { maskPhone } from '../../src/common/validation/index.js';
import { defineWebhookEvent } from '../../src/modules/webhooks/index.js';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface ReceiverAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  /** Connections ever opened to the receiver (an SSRF test expects none). */
  connections = 0;
  /** How to answer the next request; 204 unless a test says otherwise. */
  answer: (request: ReceivedWebhook) => ReceiverAnswer = () => ({ status: 204 });
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('connection', (socket) => {
      receiver.connections++;
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        receiver.requests.push(received);
        const answer = receiver.answer(received);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The requests that came to `path`. */
  at(path: string): ReceivedWebhook[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Verifies a received request as a partner would; throws WebhookVerificationError when it does not verify. */
export function verify(secret: string, request: ReceivedWebhook): { type: string; timestamp: string; data: Record<string, unknown> } {
  const headers = {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(request.body, headers) as { type: string; timestamp: string; data: Record<string, unknown> };
}

// Test-only durable events and the webhook types that follow them.
declare module '../../src/common/events/event-map.js' {
  interface DurableEventMap {
    'test.webhook_thing': { thingId: string; phone: string; storeIds: string[]; gone: boolean };
    'test.webhook_gadget': { gadgetId: string };
  }
}

/** The `data` of test_thing.changed. */
export class TestThingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: '+8613812345678' })
  phone!: string;
}

/** The `data` of test_gadget.created. */
export class TestGadgetDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

defineWebhookEvent({
  type: 'test_thing.changed',
  description: 'A test thing changed (tests only).',
  event: 'test.webhook_thing',
  schema: TestThingDto,
  load: (event) =>
    Promise.resolve(
      event.payload.gone
        ? undefined
        : {
            data: { id: event.payload.thingId, phone: event.payload.phone },
            masked: { id: event.payload.thingId, phone: maskPhone(event.payload.phone) },
            storeIds: event.payload.storeIds,
          },
    ),
});

defineWebhookEvent({
  type: 'test_gadget.created',
  description: 'A test gadget was created (tests only).',
  event: 'test.webhook_gadget',
  schema: TestGadgetDto,
  load: (event) => Promise.resolve({ data: { id: event.payload.gadgetId }, storeIds: [] }),
});

@Injectable()
export class WebhookProbe {
  constructor(
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(Db) private readonly db: Db,
  ) {}

  /** A business change that publishes test.webhook_thing; answers the event id. */
  @Transactional()
  async thing(payload: { thingId: string; phone?: string; storeIds?: string[]; gone?: boolean }): Promise<string> {
    this.db.requireTransaction('test thing');
    return this.events.publish('test.webhook_thing', {
      thingId: payload.thingId,
      phone: payload.phone ?? '+8613812345678',
      storeIds: payload.storeIds ?? [],
      gone: payload.gone ?? false,
    });
  }

  @Transactional()
  async gadget(gadgetId: string): Promise<string> {
    return this.events.publish('test.webhook_gadget', { gadgetId });
  }
}

@Module({ providers: [WebhookProbe] })
export class WebhookProbeModule {}

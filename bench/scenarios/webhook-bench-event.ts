/**
 * The bench-only webhook event of the webhook-deliveries scenario: `bench_tick.happened`, following the
 * durable event `bench.webhook_tick`. Imported by the scenario only when it runs (declaring it at boot
 * would add a subscriber to every other scenario's app). Its `load()` reads nothing: the bench measures
 * the webhook pipeline, not a module's query; `data` is about the size of a customer as the API returns it.
 */
import { ApiProperty } from '@nestjs/swagger';
import { defineWebhookEvent } from '../../src/modules/webhooks/index.js';

declare module '../../src/common/events/event-map.js' {
  interface DurableEventMap {
    'bench.webhook_tick': { n: number };
  }
}

export const BENCH_TICK_EVENT = 'bench.webhook_tick';
export const BENCH_TICK_TYPE = 'bench_tick.happened';

/** The `data` of bench_tick.happened. */
class BenchTickDto {
  @ApiProperty()
  n!: number;
}

defineWebhookEvent({
  type: BENCH_TICK_TYPE,
  description: 'Bench only: a tick.',
  event: BENCH_TICK_EVENT,
  schema: BenchTickDto,
  load: (event) =>
    Promise.resolve({
      data: {
        n: event.payload.n,
        id: event.id,
        name: '王小美',
        phone: '+8613812345678',
        email: 'xiaomei.wang@example.com',
        birthday: '1990-05-17',
        gender: 'female',
        tags: ['vip', 'facial'],
        notes: 'Prefers afternoon appointments; sensitive skin, no retinol.',
        preferredChannel: 'sms',
        locale: 'zh-CN',
        marketingConsent: { sms: true, email: false, wechat: true, recordedAt: '2026-11-02T09:14:00+08:00' },
        storeIds: [],
        version: 3,
        createdAt: '2026-11-02T09:14:00.000Z',
        updatedAt: '2026-12-01T15:40:12.000Z',
      },
      storeIds: [],
    }),
});

import { ApiProperty } from '@nestjs/swagger';

/** `webhook.test`: sent only by POST /v1/webhook-endpoints/{id}/test, whatever types the endpoint listens to. */
export const WEBHOOK_TEST_TYPE = 'webhook.test';

/** The `data` of a `webhook.test` event. */
export class WebhookTestDataDto {
  @ApiProperty({ format: 'uuid', example: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a09' })
  endpointId!: string;
  @ApiProperty({ example: 'This is a test event from Bloom: your endpoint received and verified it.' })
  message!: string;
}

export function testEventData(endpointId: string): { endpointId: string; message: string } {
  return { endpointId, message: 'This is a test event from Bloom: your endpoint received and verified it.' };
}

import { Controller, HttpCode, Inject, Post, Req, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Public } from '../../../common/auth/index.js';
import { Consumes } from '../../../common/http/request-body.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { acceptRawBodies, FORM_TYPE, RawReceiptBody } from '../../notifications/index.js';
import { Kuaidi100AnswerDto } from './dto/shipment.dto.js';
import { ShipmentTracking } from './shipment-tracking.js';
import { ShipmentErrors } from './shipments.errors.js';

const KUAIDI100_ROUTE = '/v1/shipment-notifications/kuaidi100';

@ApiTags('shipments')
@Controller('v1/shipment-notifications')
export class ShipmentNotificationsController implements OnModuleInit {
  constructor(
    @Inject(ShipmentTracking) private readonly tracking: ShipmentTracking,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    acceptRawBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), KUAIDI100_ROUTE);
  }

  @Post('kuaidi100')
  @HttpCode(200)
  @Public()
  @Consumes(FORM_TYPE, 'application/json')
  @ApiOperation({
    summary: 'Kuaidi100’s tracking push (快递100 订阅推送; called by Kuaidi100, not by people)',
    description:
      'Form fields `param` (the tracking JSON: `{"status":"polling","lastResult":{"nu":"SF1234567890","com":"shunfeng","state":"0","data":[{"time":"2027-05-11 09:30:00",' +
      '"ftime":"2027-05-11 09:30:00","context":"…","areaName":"上海"}]}}`, newest entry first, times in China) and `sign` (MD5(param + KUAIDI100_SALT), upper-case hex). ' +
      'The parcel is found by `lastResult.nu` (and `com`); ' +
      'its route is recorded once however often it is pushed, and `state` maps to the parcel’s status (0 在途 in_transit, 1 揽收 picked_up, 2 疑难 exception, ' +
      '3 签收 delivered, 4 退签 and 6 退回 returned, 5 派件 out_for_delivery, 14 拒签 refused, 209 破损 damaged). A parcel Bloom does not know is accepted and ignored. ' +
      'The answer is what Kuaidi100 expects.',
  })
  @ApiOkResponse({ type: Kuaidi100AnswerDto, description: '`{"result":true,"returnCode":"200","message":"成功"}`' })
  @ApiProblem(400, 'request.validation_failed', '`param` is missing or not Kuaidi100’s tracking JSON: `errors[]` names the field')
  @ApiProblem(401, 'shipment_notification.bad_signature', '`sign` is not MD5(param + salt)', ShipmentErrors.badSignature())
  @ApiProblem(404, 'shipment_notification.not_configured', 'KUAIDI100_SALT is not set: pushes are not taken', ShipmentErrors.notConfigured())
  kuaidi100(@Req() request: FastifyRequest, @RawReceiptBody() raw: Buffer): Promise<Kuaidi100AnswerDto> {
    return this.tracking.kuaidi100(readForm(request.headers['content-type'], raw));
  }
}

/** `param` and `sign` from the form Kuaidi100 posts (or the same fields as JSON). */
function readForm(contentType: string | undefined, raw: Buffer): { param?: string; sign?: string } {
  const text = raw.toString('utf8');
  if (contentType?.toLowerCase().startsWith('application/json')) {
    try {
      const body = JSON.parse(text) as { param?: unknown; sign?: unknown } | null;
      return {
        param: typeof body?.param === 'string' ? body.param : undefined,
        sign: typeof body?.sign === 'string' ? body.sign : undefined,
      };
    } catch {
      return {};
    }
  }
  const form = new URLSearchParams(text);
  return { param: form.get('param') ?? undefined, sign: form.get('sign') ?? undefined };
}

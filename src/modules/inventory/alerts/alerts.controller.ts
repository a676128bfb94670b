import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { AlertViews } from './alert-views.js';
import { AlertRuleQueryDto, AlertRuleResponseDto, PutAlertRuleDto, StockAlertQueryDto, StockAlertResponseDto } from './dto/alerts.dto.js';

const StoreNotFound = () => ApiProblem(404, 'store.not_found', 'No such store among yours', InventoryErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'));

@ApiTags('inventory')
@Controller('v1/inventory')
export class AlertsController {
  constructor(@Inject(AlertViews) private readonly views: AlertViews) {}

  @Put('alert-rules')
  @Allow({ roles: MANAGERS, scopes: ['inventory:write'] })
  @ApiOperation({
    summary: "Set a store's alert level and reorder quantity for a product",
    description:
      'When what is available (on hand less what is held for orders) falls to the level, an alert opens: in-app to the store’s managers and the owners, ' +
      'and the webhook `inventory.low_stock`. It resolves when stock is back above. A level already reached alerts at once. Audited.',
  })
  @ApiOkResponse({ type: AlertRuleResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: both or neither of `alertLevelPieces` and `alertLevelMeasure`, a fraction of a piece')
  @StoreNotFound()
  @ApiProblem(
    422,
    'inventory.unknown_product',
    '`productId` names no product; or (`inventory.not_measured`) `alertLevelMeasure` for a product counted in pieces',
    InventoryErrors.unknownProduct('productId', '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'),
  )
  putRule(@CurrentActor() actor: Actor, @Body() body: PutAlertRuleDto): Promise<AlertRuleResponseDto> {
    return this.views.putRule(actor, body);
  }

  @Get('alert-rules')
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['inventory:read'] })
  @ApiOperation({ summary: 'The alert levels of your stores, by store and product' })
  @ApiPageResponse(AlertRuleResponseDto, 'One page of rules')
  @StoreNotFound()
  rules(@CurrentActor() actor: Actor, @Query() query: AlertRuleQueryDto): Promise<Page<AlertRuleResponseDto>> {
    return this.views.rules(actor, query);
  }

  @Get('alerts')
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['inventory:read'] })
  @ApiOperation({
    summary: 'Stock alerts of your stores, newest first: open ones unless asked for resolved ones',
    description:
      '`low_stock`: available stock fell to the alert level (one open per store and product). `expiring`: the daily sweep (06:00 in the store’s zone) found a batch ' +
      'with stock left expiring within the store’s `expiryWarningDays`, or expired; once per batch, `batch` names it; resolved when the batch is used up or written off. ' +
      '`shortfall`: a service used more than the books held; resolved when every shortfall of the product is resolved (`GET /v1/inventory/shortfalls`).',
  })
  @ApiPageResponse(StockAlertResponseDto, 'One page of alerts, newest first')
  @StoreNotFound()
  list(@CurrentActor() actor: Actor, @Query() query: StockAlertQueryDto): Promise<Page<StockAlertResponseDto>> {
    return this.views.list(actor, query);
  }
}

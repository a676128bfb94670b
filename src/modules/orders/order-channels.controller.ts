import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../common/auth/index.js';
import { CommonErrors } from '../../common/errors/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { StoreScoped } from '../stores/index.js';
import { OrderChannelListResponseDto, OrderChannelResponseDto, PutOrderChannelDto } from './dto/order-channel.dto.js';
import { ORDER_CHANNELS, type OrderChannel } from './order.entity.js';
import { OrderChannelsService } from './order-channels.service.js';

const StoreIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The store', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' });
const ChannelParam = () => ApiParam({ name: 'channel', enum: ORDER_CHANNELS, description: 'Where the orders come from', example: 'online' });
const NotFound = () => ApiProblem(404, 'store.not_found', "No such store is visible to you (another store's id answers the same)");
const BadChannel = () =>
  ApiProblem(
    400,
    'request.validation_failed',
    '`channel` is not one of the order channels',
    CommonErrors.validation([{ field: 'channel', message: `must be one of ${ORDER_CHANNELS.join(', ')}` }]),
  );

function channelOf(value: string): OrderChannel {
  if (!(ORDER_CHANNELS as readonly string[]).includes(value)) throw CommonErrors.validation([{ field: 'channel', message: `must be one of ${ORDER_CHANNELS.join(', ')}` }]);
  return value as OrderChannel;
}

/** Owners and managers of the store route its orders per channel: who confirms them, which team handles them. */
@ApiTags('orders')
@Controller('v1/stores/:id/order-channels')
@StoreScoped('id')
export class OrderChannelsController {
  constructor(@Inject(OrderChannelsService) private readonly channels: OrderChannelsService) {}

  @Get()
  @Allow({ roles: MANAGERS })
  @ApiOperation({ summary: "A store's routing of orders for every channel: the responsible staff member and the team (null while unset)" })
  @StoreIdParam()
  @ApiOkResponse({ type: OrderChannelListResponseDto })
  @NotFound()
  async list(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<OrderChannelListResponseDto> {
    return { data: await this.channels.list(actor, id) };
  }

  @Get(':channel')
  @Allow({ roles: MANAGERS })
  @ApiOperation({ summary: "A store's routing of one channel's orders" })
  @StoreIdParam()
  @ChannelParam()
  @ApiOkResponse({ type: OrderChannelResponseDto })
  @BadChannel()
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('channel') channel: string): Promise<OrderChannelResponseDto> {
    return this.channels.get(actor, id, channelOf(channel));
  }

  @Put(':channel')
  @Allow({ roles: MANAGERS })
  @ApiOperation({
    summary: "Set who confirms a store's orders from one channel, which team handles them, and their time promises (owners, managers of the store). Audited.",
    description:
      'Orders taken afterwards carry this staff member and team; orders already taken keep theirs. The responsible staff member is warned ' +
      'before confirmation or shipping falls due and told when it is missed. `confirmWindowMinutes` and `shipWindowMinutes` replace the ' +
      'platform windows (ORDER_CONFIRM_WINDOW, 24 h; ORDER_SHIP_WINDOW, 48 h) for this channel at this store; with `windowsInBusinessHours` ' +
      'they run only while the store is open (its weekly hours, closures and special hours, in its time zone). A PUT replaces all of it: ' +
      'an absent window is the platform’s. Orders already taken keep their due times.',
  })
  @StoreIdParam()
  @ChannelParam()
  @ApiOkResponse({ type: OrderChannelResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: `channel` unknown, `responsibleStaffMemberId` not a uuid, `team` empty or too long')
  @NotFound()
  @ApiProblem(422, 'reference.not_found', '`responsibleStaffMemberId` names no staff member', CommonErrors.referenceNotFound('responsibleStaffMemberId', 'staff member'))
  put(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('channel') channel: string, @Body() body: PutOrderChannelDto): Promise<OrderChannelResponseDto> {
    return this.channels.put(actor, id, channelOf(channel), body);
  }
}

import { applyDecorators, Body, Controller, createParamDecorator, Get, Inject, Param, Put, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { parseIfMatch } from '../../../common/http/etag.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StoreScoped } from '../../stores/index.js';
import { BookingPolicyService } from './booking-policy.service.js';
import { BookingPolicyResponseDto, PutBookingPolicyDto } from './dto/booking-policy.dto.js';

const StoreIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The store', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' });
const NotFound = () => ApiProblem(404, 'store.not_found', "No such store is visible to you (another store's id answers the same)");

/**
 * If-Match when sent (its version), else undefined: the first policy of a store needs none. Where the
 * header is optional, `*` ("whatever version exists", RFC 9110) asks for no version check, as if absent.
 */
export const OptionalIfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  const value = Array.isArray(header) ? header.join(',') : header;
  return value === undefined || value.trim() === '' || value.trim() === '*' ? undefined : parseIfMatch(value);
});

const ApiOptionalIfMatch = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The ETag of your last read, e.g. "3"; required once the store has a policy of its own (version 1 or more), optional for the first',
    }),
    ApiProblem(412, 'request.stale_version', 'The policy changed since you read it', CommonErrors.preconditionFailed()),
    ApiProblem(428, 'request.if_match_required', 'The store has a policy of its own and If-Match is missing', CommonErrors.preconditionRequired()),
  );

@ApiTags('stores')
@Controller('v1/stores/:id/booking-policy')
@StoreScoped('id')
export class BookingPolicyController {
  constructor(@Inject(BookingPolicyService) private readonly policies: BookingPolicyService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: ['appointments:read', 'appointments:write'] })
  @ApiOperation({ summary: 'How a store takes bookings: slot step, notice, horizon, daily cap, cancellation, no-shows, reminders, holds (the defaults, version 0, until set)' })
  @StoreIdParam()
  @ApiOkResponse({ type: BookingPolicyResponseDto, description: 'The policy; `ETag` carries its version' })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BookingPolicyResponseDto> {
    return this.policies.get(actor, id);
  }

  @Put()
  @Allow({ roles: MANAGERS, scopes: ['appointments:write'] })
  @ApiOperation({ summary: "Replace a store's booking policy whole (owners, managers of the store); If-Match once it has one" })
  @StoreIdParam()
  @ApiOptionalIfMatch()
  @ApiOkResponse({ type: BookingPolicyResponseDto })
  @NotFound()
  @ApiProblem(
    400,
    'request.validation_failed',
    "`errors[]` names each bad field: a slot other than 5/10/15/20/30/60 minutes, a horizon beyond 366 days, a fee in another currency than the business's (`lateCancellationFee.currency`), a reminder repeated",
  )
  put(@CurrentActor() actor: Actor, @Param('id') id: string, @OptionalIfMatch() version: number | undefined, @Body() body: PutBookingPolicyDto): Promise<BookingPolicyResponseDto> {
    return this.policies.put(actor, id, version, body);
  }
}

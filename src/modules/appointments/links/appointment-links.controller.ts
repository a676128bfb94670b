import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Ip, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../common/auth/index.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { appointmentStates } from '../booking/appointment-state.js';
import { AppointmentLinkLimiter } from './appointment-link-limiter.js';
import { AppointmentLinkResponseDto, LinkCancelDto } from './appointment-link.dto.js';
import { AppointmentLinks } from './appointment-links.service.js';

const TokenParam = () =>
  ApiParam({
    name: 'token',
    description: "The token of a reminder's link (`<payload>.<signature>`, base64url, 51 characters)",
    example: 'mot8bV5PSjuMLR4Pmot8bQBrq3oA.aRLfcXu7jtiai0hHrbz21A',
  });
const LinkProblems = () =>
  applyDecorators(
    TokenParam(),
    ApiProblem(404, 'appointment_link.not_found', 'Not a link of ours for this: mistyped, altered, or for the other action', AppointmentErrors.linkNotFound()),
    ApiProblem(410, 'appointment_link.expired', 'The link has expired (the appointment is over)', AppointmentErrors.linkExpired()),
    ApiProblem(429, 'appointment_link.rate_limited', 'Too many link requests from your address in the window; see Retry-After', AppointmentErrors.linksRateLimited(60)),
  );

/** A reminder's links (no sign-in: the signed token says which appointment and what for). */
@ApiTags('appointment-links')
@Controller('v1/appointment-links/:token')
export class AppointmentLinksController {
  constructor(
    @Inject(AppointmentLinks) private readonly links: AppointmentLinks,
    @Inject(AppointmentLinkLimiter) private readonly limiter: AppointmentLinkLimiter,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "What a reminder's link is for, and the appointment's time, store and services (nothing about the customer)" })
  @ApiOkResponse({ type: AppointmentLinkResponseDto })
  @LinkProblems()
  async describe(@Param('token') token: string, @Ip() ip: string): Promise<AppointmentLinkResponseDto> {
    await this.limiter.take(ip);
    return this.links.describe(token);
  }

  @Post('confirm')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the appointment as its customer, by the confirm link of a reminder (again: the same answer)' })
  @ApiOkResponse({ type: AppointmentLinkResponseDto, description: 'The appointment, now `confirmed`' })
  @LinkProblems()
  @ApiProblem(
    409,
    'appointment.invalid_transition',
    'It can no longer be confirmed (cancelled, or the customer has arrived)',
    StateErrors.invalidTransition(appointmentStates, 'cancelled', 'confirmed'),
  )
  async confirm(@Param('token') token: string, @Ip() ip: string): Promise<AppointmentLinkResponseDto> {
    await this.limiter.take(ip);
    return this.links.confirm(token);
  }

  @Post('cancel')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel the appointment as its customer, by the cancel link of a reminder (again: the same answer)',
    description:
      "Under the store's rules: inside its cancellation window the cancellation is late, and the policy's fee is recorded for the next visit (`lateCancellation`, `fee`).",
  })
  @ApiBody({ type: LinkCancelDto, required: false })
  @ApiOkResponse({ type: AppointmentLinkResponseDto, description: 'The appointment, now `cancelled`' })
  @LinkProblems()
  @ApiProblem(
    409,
    'appointment.invalid_transition',
    'It can no longer be cancelled (the customer has arrived, or it is over)',
    StateErrors.invalidTransition(appointmentStates, 'completed', 'cancelled'),
  )
  async cancel(@Param('token') token: string, @Ip() ip: string, @Body() body: LinkCancelDto): Promise<AppointmentLinkResponseDto> {
    await this.limiter.take(ip);
    return this.links.cancel(token, body?.reason ?? null);
  }
}

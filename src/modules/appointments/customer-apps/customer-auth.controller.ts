import { Body, Controller, Delete, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { CustomerSignInService } from './customer-sign-in.service.js';
import { CreateCustomerSessionDto, CustomerSessionResponseDto, RequestSignInCodeDto, SignInCodeRequestedDto } from './dto/customer-auth.dto.js';

@ApiTags('customer-auth')
@Controller('v1/customer-auth')
export class CustomerAuthController {
  constructor(@Inject(CustomerSignInService) private readonly signIn: CustomerSignInService) {}

  @Post('codes')
  @Allow({ publishable: true })
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a customer a sign-in code by SMS',
    description:
      "With the app's publishable key. Sends a 6-digit code to the phone, whether or not a customer has it (the answer is the same either way); " +
      'it replaces the previous code and works once, for CUSTOMER_SIGN_IN_CODE_TTL (5 minutes by default), for 5 tries. At most ' +
      'CUSTOMER_SIGN_IN_PER_HOUR codes per phone and CUSTOMER_SIGN_IN_IP_PER_HOUR requests and sign-ins per client address an hour.',
  })
  @ApiAcceptedResponse({ type: SignInCodeRequestedDto, description: 'The same answer for every phone' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names `phone` when it is not a mobile number an SMS can reach')
  @ApiProblem(429, 'customer_auth.too_many_requests', 'Too many codes for this phone, or requests from this address, this hour; see Retry-After')
  @ApiProblem(503, 'auth.rate_limit_unavailable', 'The request counter cannot be reached, so no code is sent for now')
  requestCode(@CurrentActor() actor: Actor, @Body() body: RequestSignInCodeDto, @Ip() ip: string): Promise<SignInCodeRequestedDto> {
    return this.signIn.requestCode(actor, body, ip);
  }

  @Post('sessions')
  @Allow({ publishable: true })
  @ApiOperation({
    summary: 'Sign a customer in with the code of their SMS',
    description:
      "With the app's publishable key. A right code answers a customer session token for the customer who has the phone; for a phone no " +
      'customer has yet, `name` signs them up (422 `customer_auth.name_required` without it, and the code still works). A wrong, expired, ' +
      'used or burnt code answers 400 (the fifth wrong try burns it). The session sees only that customer, through the same key: its store ' +
      'limit and channel apply. Counts against the per-address hourly limit shared with code requests.',
  })
  @ApiCreatedResponse({ type: CustomerSessionResponseDto })
  @ApiProblem(400, 'customer_auth.code_invalid', 'The code does not work: wrong, expired, already used or burnt; `errors[]` names `code`')
  @ApiProblem(403, 'customer_auth.customer_unavailable', 'The customer with this phone is blocked or erased and cannot sign in')
  @ApiProblem(422, 'customer_auth.name_required', 'No customer has this phone yet: give `name` to sign up')
  @ApiProblem(429, 'customer_auth.too_many_requests', 'Too many requests and sign-ins from this address this hour; see Retry-After')
  @ApiProblem(503, 'auth.rate_limit_unavailable', 'The attempt counter cannot be reached, so sign-ins are refused for now')
  createSession(@CurrentActor() actor: Actor, @Body() body: CreateCustomerSessionDto, @Ip() ip: string): Promise<CustomerSessionResponseDto> {
    return this.signIn.signIn(actor, body, ip);
  }

  @Delete('sessions/current')
  @Allow({ customers: true })
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign the customer out', description: 'The session token answers 401 from now on.' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async deleteSession(@CurrentActor() actor: Actor): Promise<void> {
    await this.signIn.signOut(actor);
  }
}

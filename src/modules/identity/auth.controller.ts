import { Body, Controller, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, Public } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { AuthService, type SignedIn } from './auth.service.js';
import { ChangePasswordDto, LoginDto, RefreshTokenDto, TokenResponseDto } from './dto/auth.dto.js';
import { PasswordResetConfirmDto, PasswordResetRequestDto, PasswordResetRequestedDto } from './dto/password-reset.dto.js';
import { toUserResponse, UserResponseDto } from './dto/user.dto.js';
import { PasswordResetService } from './password-reset.service.js';

function toTokenResponse(signedIn: SignedIn): TokenResponseDto {
  return { ...signedIn, user: toUserResponse(signedIn.user) };
}

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(PasswordResetService) private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with e-mail or phone and password',
    description:
      'Answers a short-lived access token and a refresh token. Failed attempts are limited per LOGIN_RATE_WINDOW: for one ' +
      'account (the user, whether named by e-mail or phone) from one client address (LOGIN_RATE_LIMIT), for one account ' +
      'from all addresses (LOGIN_ACCOUNT_RATE_LIMIT, much higher) and from one address over all accounts ' +
      '(LOGIN_IP_RATE_LIMIT). Failures from other addresses do not lock an account out until the account-wide ceiling ' +
      'is reached. Past the address ceiling its failures answer 429, but the right password of an account that is not ' +
      'itself locked still signs in (staff who share one address are not locked out together). A successful sign-in ' +
      'gives its attempt back but never clears the failures.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblem(401, 'auth.invalid_credentials', 'The login or the password is wrong (the same answer for an unknown login)')
  @ApiProblem(403, 'auth.account_disabled', 'The password is right but the account is disabled')
  @ApiProblem(
    429,
    'auth.too_many_attempts',
    'Too many failed attempts on this account from this address or from everywhere, or a failed attempt from an address over its limit; see Retry-After',
  )
  @ApiProblem(503, 'auth.rate_limit_unavailable', 'The attempt counter cannot be reached, so sign-in is refused for now')
  async login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.login(body, ip));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description:
      'Each refresh token works once: the answer carries the next one of the same session. Presented again within ' +
      'REFRESH_REUSE_GRACE (30 s by default) of its first use, it answers that same next refresh token with a new access ' +
      'token (parallel refreshes or a retried request do not log the user out). Presented again later, it revokes the ' +
      "whole session, its access tokens included (it may have leaked). The new access token carries the user's " +
      'current role and stores.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblem(401, 'auth.refresh_reused', 'The token was used longer ago than the grace: the session is revoked (also auth.refresh_invalid, auth.refresh_expired)')
  async refresh(@Body() body: RefreshTokenDto): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.refresh(body.refreshToken));
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the session of a refresh token',
    description:
      'Revokes every refresh token of the session and every access token issued to it: they answer 401 from then on ' +
      '(other API instances learn it through Redis at once; while Redis is unreachable, when it is back).',
  })
  @ApiNoContentResponse({ description: 'The session is ended (also when the token was unknown or already revoked)' })
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a code to reset a forgotten password',
    description:
      'Sends a 6-digit code to the staff member who signs in with this e-mail or phone: by e-mail when they have one, ' +
      'else by SMS, at once even in quiet hours. It replaces their previous code and works once, for PASSWORD_RESET_CODE_TTL ' +
      '(15 minutes by default); confirm it at POST /v1/auth/password-reset/confirm. The answer is the same whether or not ' +
      'an active account signs in with the login. At most PASSWORD_RESET_PER_HOUR requests per account (unknown logins ' +
      'count alike) and PASSWORD_RESET_IP_PER_HOUR requests and confirmations per client address an hour.',
  })
  @ApiAcceptedResponse({ type: PasswordResetRequestedDto, description: 'The same answer whether or not the login names an account' })
  @ApiProblem(429, 'auth.too_many_reset_requests', 'Too many requests for this account, or from this address, this hour; see Retry-After')
  @ApiProblem(503, 'auth.rate_limit_unavailable', 'The request counter cannot be reached, so no code is sent for now')
  requestPasswordReset(@Body() body: PasswordResetRequestDto, @Ip() ip: string): Promise<PasswordResetRequestedDto> {
    return this.passwordReset.request(body, ip);
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the code of a password reset',
    description:
      'The code works once, for PASSWORD_RESET_CODE_TTL, and not after 5 tries (the fifth wrong one burns it; ask for a new one). ' +
      'A wrong, expired, used or burnt code, and a login that names nobody, all answer the same 400. On success every session ' +
      'and access token of the user ends: sign in with the new password. Confirmations count against the per-address hourly ' +
      'limit (PASSWORD_RESET_IP_PER_HOUR) shared with requests.',
  })
  @ApiNoContentResponse({ description: 'The password is changed; every session of the user has ended' })
  @ApiProblem(400, 'auth.reset_code_invalid', 'The code does not work: wrong, expired, already used or burnt (the same for an unknown login)')
  @ApiProblem(400, 'user.weak_password', 'The new password is too short, of one kind of character, or your e-mail or phone; `errors[]` names `newPassword`. The code still works')
  @ApiProblem(429, 'auth.too_many_reset_requests', 'Too many password-reset requests and confirmations from this address this hour; see Retry-After')
  @ApiProblem(503, 'auth.rate_limit_unavailable', 'The attempt counter cannot be reached, so resets are refused for now')
  async confirmPasswordReset(@Body() body: PasswordResetConfirmDto, @Ip() ip: string): Promise<void> {
    await this.passwordReset.confirm(body, ip);
  }

  @Get('me')
  @Allow({ roles: ALL_STAFF })
  @ApiOperation({ summary: 'The signed-in user, with their stores' })
  @ApiOkResponse({ type: UserResponseDto })
  async me(@CurrentActor() actor: Actor): Promise<UserResponseDto> {
    return toUserResponse(await this.auth.me(actor));
  }

  @Post('password')
  @Allow({ roles: ALL_STAFF })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your own password',
    description:
      'Needs the current password. Your other sessions end. Every access token issued to you before the change stops ' +
      "working, this one included; this session's refresh token goes on, so refresh (POST /v1/auth/refresh) for a new access token.",
  })
  @ApiNoContentResponse({ description: 'The password is changed' })
  @ApiProblem(403, 'auth.current_password_wrong', 'The current password is wrong')
  @ApiProblem(400, 'user.weak_password', 'The new password is too short or of one kind of character')
  @ApiProblem(429, 'auth.too_many_attempts', 'Too many wrong current passwords; see Retry-After')
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto, @Ip() ip: string): Promise<void> {
    await this.auth.changePassword(actor, body, ip);
  }
}

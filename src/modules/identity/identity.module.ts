import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AUTHENTICATOR } from '../../common/auth/authenticator.js';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { StoresModule } from '../stores/index.js';
import { StaffAudienceProvider } from './staff-audience.js';
import { PasswordResetCodes } from './password-reset-codes.js';
import { PasswordResetLimiter } from './password-reset-limiter.js';
import { PasswordResetService } from './password-reset.service.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { IdentityAuthenticator } from './identity.authenticator.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { PasswordService } from './password.service.js';
import { RefreshTokenPurger } from './refresh-token-purger.js';
import { SessionsService } from './sessions.service.js';
import { StaffDirectory } from './staff-directory.js';
import { TokenService } from './token.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';
import { CustomerSessionFollowers } from './customer-apps/customer-session-followers.js';
import { CustomerSessions } from './customer-apps/customer-sessions.js';
import { CustomerSignInCodes } from './customer-apps/customer-sign-in-codes.js';
import { CustomerSignInLimiter } from './customer-apps/customer-sign-in-limiter.js';
import { PublishableKeysController } from './customer-apps/publishable-keys.controller.js';
import { PublishableKeysService } from './customer-apps/publishable-keys.service.js';
import './customer-apps/customer-sign-in.notifications.js';

@Module({
  imports: [
    StoresModule,
    NotificationsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfigValues) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public
        // key (crypto.createPublicKey) on every verify, which was a third of the CPU of a read.
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: Math.round(config.JWT_ACCESS_TTL / 1000), issuer: 'bloom', audience: 'bloom-api' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'bloom', audience: 'bloom-api' },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, ApiKeysController, PublishableKeysController],
  providers: [
    TokenService,
    PasswordService,
    LoginRateLimiter,
    StaffDirectory,
    SessionsService,
    AuthService,
    UsersService,
    ApiKeysService,
    RefreshTokenPurger,
    StaffAudienceProvider,
    PasswordResetCodes,
    PasswordResetLimiter,
    PasswordResetService,
    PublishableKeysService,
    CustomerSessions,
    CustomerSessionFollowers,
    CustomerSignInCodes,
    CustomerSignInLimiter,
    { provide: AUTHENTICATOR, useClass: IdentityAuthenticator },
  ],
  // Customer sign-in (codes, limits, sessions) for appointments' customer-apps part, which finds or creates the customer.
  exports: [AUTHENTICATOR, TokenService, UsersService, CustomerSessions, CustomerSignInCodes, CustomerSignInLimiter],
})
export class IdentityModule {}

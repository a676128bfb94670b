import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AUTHENTICATOR } from '../../common/auth/authenticator.js';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { IdentityAuthenticator } from './identity.authenticator.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfigValues) => ({
        secret: config.JWT_SECRET,
        signOptions: { algorithm: 'HS256', expiresIn: Math.round(config.JWT_ACCESS_TTL / 1000), issuer: 'bloom', audience: 'bloom-api' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'bloom', audience: 'bloom-api' },
      }),
    }),
  ],
  providers: [TokenService, { provide: AUTHENTICATOR, useClass: IdentityAuthenticator }],
  exports: [AUTHENTICATOR, TokenService],
})
export class IdentityModule {}

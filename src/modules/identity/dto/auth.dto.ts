import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { UserResponseDto } from './user.dto.js';

export class LoginDto {
  /** The user's e-mail or mobile phone; phones without a country code are read as Chinese numbers. */
  @ApiProperty({ example: 'owner@bloom.example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  login!: string;

  /** The example is the demo owner's (`npm run seed`). */
  @ApiProperty({ example: 'demo-owner-2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

export class RefreshTokenDto {
  /** The refresh token of the last sign-in or refresh. */
  @ApiProperty({ example: 'q0x9V4oJ2pQ3mN8tR1sW6yZ5aB7cD0eF2gH4iJ6kL8' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'demo-owner-2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword!: string;

  /** 10 characters at least, of two kinds at least (letters, digits, others). */
  @ApiProperty({ example: 'summer-2027-bloom' })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

/** A signed-in session: a short-lived access token and the refresh token that renews it. */
export class TokenResponseDto {
  /** Send as `Authorization: Bearer <accessToken>`. */
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjFk…' })
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType!: 'Bearer';
  /** Seconds until the access token expires. */
  @ApiProperty({ example: 900 })
  expiresIn!: number;
  /** Exchange it at POST /v1/auth/refresh for new tokens; it works once. Keep it secret. */
  @ApiProperty({ example: 'q0x9V4oJ2pQ3mN8tR1sW6yZ5aB7cD0eF2gH4iJ6kL8' })
  refreshToken!: string;
  /** When the session ends for good (refreshing does not extend it): sign in again after. */
  @ApiProperty({ example: '2026-12-22T01:30:00.000Z' })
  refreshExpiresAt!: Date;
  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}

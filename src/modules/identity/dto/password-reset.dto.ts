import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class PasswordResetRequestDto {
  /** The e-mail or mobile phone you sign in with; phones without a country code are read as Chinese numbers. */
  @ApiProperty({ example: 'beautician.jingan@bloom.example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  login!: string;
}

/** The same answer whether or not an account signs in with the login. */
export class PasswordResetRequestedDto {
  @ApiProperty({
    example: 'If an active account signs in with this login, a 6-digit code is on its way to its e-mail (or, without one, its phone). It works once, for 15 minutes.',
  })
  message!: string;
  /** Minutes the code works (PASSWORD_RESET_CODE_TTL). */
  @ApiProperty({ example: 15 })
  codeValidForMinutes!: number;
}

export class PasswordResetConfirmDto {
  /** The login the code was requested for. */
  @ApiProperty({ example: 'beautician.jingan@bloom.example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  login!: string;

  /** The 6-digit code from the e-mail or SMS. */
  @ApiProperty({ example: '482913', pattern: '^[0-9]{6}$' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'must be the 6 digits of the code' })
  code!: string;

  /** 10 characters at least, of two kinds at least (letters, digits, others); not your e-mail or phone. */
  @ApiProperty({ example: 'autumn-2027-bloom' })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

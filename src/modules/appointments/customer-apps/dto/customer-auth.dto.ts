import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsPhone, phoneToE164, Trim } from '../../../../common/validation/index.js';

export class RequestSignInCodeDto {
  /** The customer's mobile (China by default; others with their + country code). */
  @ApiProperty({ example: '+8613812345678' })
  @Transform(phoneToE164)
  @IsPhone()
  phone!: string;
}

export class SignInCodeRequestedDto {
  @ApiProperty({ example: 'A 6-digit code is on its way to this phone by SMS. It works once, for 5 minutes.' })
  message!: string;
  @ApiProperty({ example: 5 })
  codeValidForMinutes!: number;
}

export class CreateCustomerSessionDto {
  @ApiProperty({ example: '+8613812345678' })
  @Transform(phoneToE164)
  @IsPhone()
  phone!: string;

  /** The 6 digits of the SMS. */
  @ApiProperty({ example: '482913' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be the 6 digits of the SMS' })
  code!: string;

  /** Needed when no customer has the phone yet: they are signed up with it. Ignored otherwise. */
  @ApiPropertyOptional({ example: '王小红' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class CustomerSessionResponseDto {
  /** Send as `Authorization: Bearer <accessToken>` to /v1/me… (and the menu, staff and availability). */
  @ApiProperty({ example: 'cs_Vx3nq0b7J8yZy3kQm1sY2bL9vQ4e6w8t0aHcR5dF7gU' })
  accessToken!: string;
  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';
  /** Seconds until the session ends (CUSTOMER_SESSION_TTL): sign in again then. */
  @ApiProperty({ example: 2592000 })
  expiresIn!: number;
  @ApiProperty({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' })
  customerId!: string;
  /** True when this sign-in made the phone a new customer. */
  @ApiProperty({ example: false })
  signedUp!: boolean;
}

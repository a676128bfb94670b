import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsIsoCurrency } from '../validation/index.js';
import { MAX_AMOUNT } from './money.js';

/** An amount of money in a request: integer minor units and an ISO 4217 currency. */
export class MoneyDto {
  /** Minor units (fen, cents), never negative: `12800` is ¥128.00. */
  @ApiProperty({ example: 12800, minimum: 0, maximum: MAX_AMOUNT, type: 'integer' })
  @IsInt({ message: 'must be a whole number of minor units (fen, cents)' })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount!: number;

  @ApiProperty({ example: 'CNY', description: 'ISO 4217' })
  @IsIsoCurrency()
  currency!: string;
}

export class MoneyResponseDto {
  /** Minor units (fen, cents): `12800` is ¥128.00. */
  @ApiProperty({ example: 12800, type: 'integer' })
  amount!: number;
  @ApiProperty({ example: 'CNY' })
  currency!: string;
}

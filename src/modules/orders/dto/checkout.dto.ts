import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsOptionalNotNull, NestedObjects } from '../../../common/validation/index.js';
import { MAX_ORDER_LINES } from './order.dto.js';

const EXAMPLE_APPOINTMENT = '3b5d7f9a-1c3e-4a5b-8d7f-9a1c3e5b7d9f';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_CUSTOMER = '8e6c4a2f-0d1b-4f3e-9a5c-7b9d1f3e5a7c';

/** A product sold at the counter: handed over at once, so its stock leaves as a sale. */
export class CounterProductDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  @IsUUID('all', { message: 'must be a product id' })
  productId!: string;

  /** Whole pieces. */
  @ApiProperty({ minimum: 1, maximum: 10_000, example: 1 })
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(10_000)
  quantity!: number;
}

export class CreateCheckoutDto {
  /**
   * The completed appointment checked out: its services become lines with the staff who performed them.
   * Left out for a walk-in sale of products alone, which names `storeId` and `customerId` instead.
   */
  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_APPOINTMENT })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be an appointment id' })
  appointmentId?: string;

  /** A walk-in sale (no appointment): the store selling. */
  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_STORE })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be a store id' })
  storeId?: string;

  /** A walk-in sale (no appointment): who buys (a customer record: the sale counts in their figures). */
  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_CUSTOMER })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be a customer id' })
  customerId?: string;

  /** Products sold at the counter (with the appointment, or alone in a walk-in sale), priced from the store's catalog. */
  @ApiPropertyOptional({ type: [CounterProductDto], maxItems: MAX_ORDER_LINES })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_ORDER_LINES)
  @NestedObjects()
  @Type(() => CounterProductDto)
  products?: CounterProductDto[];
}

export const CREATE_CHECKOUT_EXAMPLES = {
  withProducts: {
    summary: 'A finished colour, with a bottle of serum bought at the counter',
    value: { appointmentId: EXAMPLE_APPOINTMENT, products: [{ productId: EXAMPLE_PRODUCT, quantity: 1 }] },
  },
  walkIn: {
    summary: 'A walk-in sale: two bottles of serum, no appointment',
    value: { storeId: EXAMPLE_STORE, customerId: EXAMPLE_CUSTOMER, products: [{ productId: EXAMPLE_PRODUCT, quantity: 2 }] },
  },
};

import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../profile/customer.entity.js';
import { CustomerResponseDto } from './customer-response.dto.js';

/** `data` of the `customer.merged` webhook: the surviving customer, and the record merged into it. */
export class MergedCustomerWebhookDto extends CustomerResponseDto {
  /** The record that was merged into this one (now status `merged`, `mergedIntoId` this customer). */
  @ApiProperty({ format: 'uuid', example: '5b0e2f7c-1d3a-4c8e-9f6b-2a7d8e9c0b1f' })
  mergedId!: string;
}

/** `data` of the `customer.anonymized` webhook: which customer; there is nothing personal left to send. */
export class AnonymizedCustomerWebhookDto {
  @ApiProperty({ format: 'uuid', example: '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e' })
  id!: string;
  @ApiProperty({ enum: CUSTOMER_STATUSES, example: 'anonymized' })
  status!: CustomerStatus;
}

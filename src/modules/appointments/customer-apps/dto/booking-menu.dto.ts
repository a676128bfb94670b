import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { MoneyResponseDto } from '../../../../common/money/index.js';

export class BookingMenuQueryDto {
  /** The store the customer books at (a store key's own store). */
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all')
  storeId!: string;
}

export class BookableVariationDto {
  /** Search availability and book with this id. */
  @ApiProperty({ format: 'uuid', example: '7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f' })
  variationId!: string;
  @ApiProperty({ example: '短发 Short hair' })
  name!: string;
  /** The store's price (else the catalog's); a senior staff member's may be higher (availability shows it). */
  @ApiProperty({ type: MoneyResponseDto })
  price!: MoneyResponseDto;
  @ApiProperty({ example: 90 })
  durationMinutes!: number;
}

export class BookableServiceDto {
  @ApiProperty({ format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  serviceId!: string;
  @ApiProperty({ example: '染发 Colour' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: '植物染发，含护理 Plant-based colour with care' })
  description!: string | null;
  @ApiProperty({ format: 'uuid', example: '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f' })
  categoryId!: string;
  @ApiProperty({ example: '染烫 Colour and perm' })
  categoryName!: string;
  @ApiProperty({ type: [BookableVariationDto] })
  variations!: BookableVariationDto[];
}

export class BookingMenuResponseDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ type: [BookableServiceDto] })
  services!: BookableServiceDto[];
}

export class BookingStaffMemberDto {
  @ApiProperty({ format: 'uuid', example: '3b9f1c2d-8e7a-4f60-9d1b-2c3e4f5a6b7c' })
  staffMemberId!: string;
  @ApiProperty({ example: 'Tony 老师' })
  displayName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'https://cdn.example.com/staff/tony.jpg' })
  photoUrl!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d' })
  levelId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '总监 Director' })
  levelName!: string | null;
  /** What they do, as the menu's services name it (`hair_colour`). */
  @ApiProperty({ type: [String], example: ['haircut', 'hair_colour'] })
  skills!: string[];
}

export class BookingStaffResponseDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ type: [BookingStaffMemberDto] })
  staff!: BookingStaffMemberDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { CustomersService } from '../../../customers/index.js';

const lowerCase = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value);

/** A customer's preferred staff, most preferred first; `[]` clears them. */
export class PutPreferredStaffDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: CustomersService.MAX_PREFERRED_STAFF, example: ['7a3f9c1e-2b5d-4e8f-9a0b-1c2d3e4f5a6b'] })
  @IsArray()
  @ArrayMaxSize(CustomersService.MAX_PREFERRED_STAFF)
  @IsUUID('all', { each: true, message: 'each must be a staff member id (UUID)' })
  @Transform(lowerCase)
  staffMemberIds!: string[];
}

export class PreferredStaffMemberDto {
  @ApiProperty({ format: 'uuid', example: '7a3f9c1e-2b5d-4e8f-9a0b-1c2d3e4f5a6b' })
  staffMemberId!: string;
  /** The name customers see. */
  @ApiProperty({ example: 'Lily 老师' })
  displayName!: string;
  @ApiProperty({ type: String, nullable: true, example: '高级技师 Senior stylist' })
  levelName!: string | null;
  /** False once the staff member was deactivated: they stay on the list, but cannot be booked. */
  @ApiProperty({ example: true })
  active!: boolean;
}

export class PreferredStaffResponseDto {
  /** Most preferred first. */
  @ApiProperty({ type: [PreferredStaffMemberDto] })
  data!: PreferredStaffMemberDto[];
}

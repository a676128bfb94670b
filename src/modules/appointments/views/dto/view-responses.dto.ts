import { ApiProperty } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../booking/appointment.entity.js';
import { AppointmentResponseDto, BookingSegmentResponseDto } from '../../booking/dto/appointment-response.dto.js';
import { BOOK_BY, type BookBy } from './view-queries.dto.js';

/** The customer as the caller may see them: the phone masked for a beautician or an API key. */
export class CustomerCardDto {
  @ApiProperty({ format: 'uuid', example: '5b8e2c1d-3f4a-4b6c-9d7e-0a1b2c3d4e5f' })
  id!: string;
  @ApiProperty({ example: '王芳 Wang Fang' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: '138****5678' })
  phone!: string | null;
}

export class ViewSegmentDto extends BookingSegmentResponseDto {
  @ApiProperty({ example: '染发 Colour' })
  serviceName!: string;
  @ApiProperty({ example: '短发 Short hair' })
  variationName!: string;
  /** The name customers see. */
  @ApiProperty({ example: 'Ana' })
  staffName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Chair 1' })
  resourceName!: string | null;
}

/** An appointment with the names a screen shows: the customer, and each segment's service, staff member and resource. */
export class AppointmentViewDto extends AppointmentResponseDto {
  @ApiProperty({ type: CustomerCardDto })
  customer!: CustomerCardDto;
  @ApiProperty({ type: [ViewSegmentDto] })
  override segments!: ViewSegmentDto[];
}

export class TimeSpanDto {
  @ApiProperty({ example: '2027-03-22T10:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T19:00:00+08:00' })
  end!: string;
}

/** One service of one appointment, where the book draws it. */
export class BookSegmentDto {
  @ApiProperty({ format: 'uuid' })
  appointmentId!: string;
  @ApiProperty({ example: 'AP-20270322-0042' })
  number!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: AppointmentStatus;
  @ApiProperty({ format: 'uuid' })
  customerId!: string;
  @ApiProperty({ example: '王芳 Wang Fang' })
  customerName!: string;
  @ApiProperty({ format: 'uuid' })
  variationId!: string;
  @ApiProperty({ example: '染发 Colour' })
  serviceName!: string;
  @ApiProperty({ example: '短发 Short hair' })
  variationName!: string;
  @ApiProperty({ format: 'uuid' })
  staffMemberId!: string;
  @ApiProperty({ example: 'Ana' })
  staffName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  resourceId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Chair 1' })
  resourceName!: string | null;
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
}

export class BookColumnDto {
  @ApiProperty({ enum: BOOK_BY })
  kind!: BookBy;
  /** The staff member's or the resource's id. */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'Ana' })
  name!: string;
  /** The staff member's calendar colour; null for a resource. */
  @ApiProperty({ type: String, nullable: true, example: '#E91E63' })
  calendarColor!: string | null;
  /** The resource's type (`chair`); null for a staff member. */
  @ApiProperty({ type: String, nullable: true, example: null })
  resourceType!: string | null;
  /** When the staff member works here (shifts minus breaks, approved time off and closures); empty for a resource. */
  @ApiProperty({ type: [TimeSpanDto] })
  workingIntervals!: TimeSpanDto[];
  /** In start order. */
  @ApiProperty({ type: [BookSegmentDto] })
  segments!: BookSegmentDto[];
}

export class AppointmentBookResponseDto {
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({ format: 'date', example: '2027-03-22' })
  from!: string;
  /** The last date shown, inclusive. */
  @ApiProperty({ format: 'date', example: '2027-03-28' })
  to!: string;
  @ApiProperty({ enum: BOOK_BY })
  by!: BookBy;
  /**
   * By staff: everyone working at the store in these days or with an appointment there, by name. By
   * resource: every active resource of the store and any other with an appointment, by name.
   */
  @ApiProperty({ type: [BookColumnDto] })
  columns!: BookColumnDto[];
}

export class StaffDayResponseDto {
  @ApiProperty({ format: 'uuid' })
  staffMemberId!: string;
  @ApiProperty({ example: 'Ana' })
  displayName!: string;
  @ApiProperty({ format: 'date', example: '2027-03-22' })
  date!: string;
  /** Their appointments that day (cancelled ones left out), in start order, at every store you see. */
  @ApiProperty({ type: [AppointmentViewDto] })
  appointments!: AppointmentViewDto[];
}

export class ArrivalStaffDto {
  @ApiProperty({ format: 'uuid' })
  staffMemberId!: string;
  @ApiProperty({ example: 'Ana' })
  name!: string;
}

export class ArrivalDto {
  @ApiProperty({ format: 'uuid' })
  appointmentId!: string;
  @ApiProperty({ example: 'AP-20270322-0042' })
  number!: string;
  @ApiProperty({ enum: ['booked', 'confirmed', 'checked_in', 'in_service'] })
  status!: AppointmentStatus;
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
  @ApiProperty({ type: CustomerCardDto })
  customer!: CustomerCardDto;
  /** Service names, in the order they are done. */
  @ApiProperty({ type: [String], example: ['染发 Colour · 短发 Short hair'] })
  services!: string[];
  /** Who serves them, in order of first segment. */
  @ApiProperty({ type: [ArrivalStaffDto] })
  staff!: ArrivalStaffDto[];
  /** The start has passed and the customer has not checked in. */
  @ApiProperty({ example: false })
  late!: boolean;
  @ApiProperty({ type: String, nullable: true, example: null })
  checkedInAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '对染发剂过敏 Allergic to dye' })
  specialRequests!: string | null;
}

export class ArrivalsResponseDto {
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({ format: 'date', example: '2027-03-22' })
  date!: string;
  /** Booked, confirmed, checked in or in service that day, in start order. */
  @ApiProperty({ type: [ArrivalDto] })
  arrivals!: ArrivalDto[];
}

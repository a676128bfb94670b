import { ApiProperty } from '@nestjs/swagger';
import { WEEKDAYS } from '../business-hours.js';
import { IsPlainDate } from '../../../common/validation/index.js';

export class OpeningHoursQueryDto {
  /** First date (inclusive), in the store's time zone. */
  @ApiProperty({ example: '2027-02-05', format: 'date' })
  @IsPlainDate()
  from!: string;

  /** Last date (inclusive); at most 62 days from `from` to `to`, both counted. */
  @ApiProperty({ example: '2027-02-08', format: 'date' })
  @IsPlainDate()
  to!: string;
}

export class OpeningIntervalDto {
  /** ISO 8601 with the store's offset on that date. */
  @ApiProperty({ example: '2027-02-06T10:00:00+08:00' })
  opensAt!: string;
  @ApiProperty({ example: '2027-02-06T15:00:00+08:00' })
  closesAt!: string;
}

export class OpeningDayDto {
  @ApiProperty({ example: '2027-02-06', format: 'date' })
  date!: string;
  @ApiProperty({ enum: WEEKDAYS, example: 'saturday' })
  weekday!: string;
  /** `weekly`: the usual hours; `closed`: a closure; `special_hours`: the date's special hours. */
  @ApiProperty({ enum: ['weekly', 'closed', 'special_hours'], example: 'special_hours' })
  source!: 'weekly' | 'closed' | 'special_hours';
  /** Why the day differs from the usual hours. */
  @ApiProperty({ type: String, nullable: true, example: '除夕 Spring Festival eve' })
  reason!: string | null;
  /** When the store is open that day, in order; empty when it is closed. */
  @ApiProperty({ type: [OpeningIntervalDto] })
  intervals!: OpeningIntervalDto[];
}

export class OpeningHoursResponseDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({
    type: [OpeningDayDto],
    example: [
      { date: '2027-02-05', weekday: 'friday', source: 'weekly', reason: null, intervals: [{ opensAt: '2027-02-05T10:00:00+08:00', closesAt: '2027-02-05T21:00:00+08:00' }] },
      {
        date: '2027-02-06',
        weekday: 'saturday',
        source: 'special_hours',
        reason: '除夕 Spring Festival eve',
        intervals: [{ opensAt: '2027-02-06T10:00:00+08:00', closesAt: '2027-02-06T15:00:00+08:00' }],
      },
      { date: '2027-02-07', weekday: 'sunday', source: 'closed', reason: '春节 Spring Festival', intervals: [] },
    ],
  })
  days!: OpeningDayDto[];
}

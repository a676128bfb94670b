import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** Answered once, when the link is made or replaced: Bloom keeps only a hash of its secret. */
export class CalendarFeedLinkDto {
  /** The address to subscribe to; it holds the secret. Anyone with it can read the calendar, so share it with no one. */
  @ApiProperty({
    format: 'uri',
    example: 'https://api.bloom.example/v1/staff/4b7d2e1f-8a3c-4d5e-9f60-1a2b3c4d5e6f/calendar.ics?token=q3Xv8pL0mN2bR7tY5wZ1cE4fH6jK9sA0dG3hJ8kL2nP',
  })
  url!: string;

  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  rotatedAt!: Date;
}

export class CalendarFeedStatusDto {
  /** True while a link works (made, and not turned off since). */
  @ApiProperty({ example: true })
  active!: boolean;

  /** When the working link was made; null when there is none. */
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-22T02:00:00.000Z' })
  rotatedAt!: Date | null;
}

export class CalendarFeedQueryDto {
  /** The secret from the link (`url` of POST /v1/staff/{id}/calendar-feed). */
  @ApiProperty({ example: 'q3Xv8pL0mN2bR7tY5wZ1cE4fH6jK9sA0dG3hJ8kL2nP' })
  @IsString()
  @IsNotEmpty()
  token!: string;
}

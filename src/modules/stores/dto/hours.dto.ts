import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import { CLOSE_TIME, MAX_INTERVALS_PER_DAY, OPEN_TIME } from '../business-hours.js';
import { DiffersFromStart, ValidDayIntervals } from '../store.validators.js';
import { QUIET_HOURS_TIME } from '../quiet-hours.js';
import { NestedObjects } from '../../../common/validation/index.js';

/** One opening interval in local wall-clock time. Hours past midnight are refused: put them in the next day's list. */
export class HoursIntervalDto {
  /** Opening time, `HH:mm` from 00:00 to 23:59. */
  @ApiProperty({ example: '10:00', pattern: OPEN_TIME.source })
  @IsString()
  @Matches(OPEN_TIME, { message: 'must be a time HH:mm from 00:00 to 23:59' })
  open!: string;

  /** Closing time, `HH:mm`, after `open`; `24:00` is the end of the day. */
  @ApiProperty({ example: '21:00', pattern: CLOSE_TIME.source })
  @IsString()
  @Matches(CLOSE_TIME, { message: 'must be a time HH:mm from 00:01 to 24:00' })
  close!: string;
}

const dayExample = [{ open: '10:00', close: '21:00' }];
const weekendExample = [
  { open: '09:30', close: '12:00' },
  { open: '13:00', close: '22:00' },
];

/** The rules of one weekday's list of intervals in a request (same for all seven days). */
function DayIntervals(example: HoursIntervalDto[]): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [HoursIntervalDto], required: false, example }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_INTERVALS_PER_DAY),
    NestedObjects(),
    Type(() => HoursIntervalDto),
    ValidDayIntervals(),
  );
}

/**
 * Opening intervals for each weekday, in the store's time zone. A day left out or given `[]` is
 * closed. Intervals of one day may not overlap (they may touch); at most 6 per day.
 */
export class WeeklyHoursDto {
  @DayIntervals(dayExample)
  monday?: HoursIntervalDto[];

  @DayIntervals(dayExample)
  tuesday?: HoursIntervalDto[];

  @DayIntervals(dayExample)
  wednesday?: HoursIntervalDto[];

  @DayIntervals(dayExample)
  thursday?: HoursIntervalDto[];

  @DayIntervals(dayExample)
  friday?: HoursIntervalDto[];

  @DayIntervals(weekendExample)
  saturday?: HoursIntervalDto[];

  @DayIntervals(weekendExample)
  sunday?: HoursIntervalDto[];
}

/** Weekly hours as stored: every weekday present, intervals sorted; `[]` means closed. */
export class WeeklyHoursResponseDto {
  @ApiProperty({ type: [HoursIntervalDto], example: dayExample })
  monday!: HoursIntervalDto[];
  @ApiProperty({ type: [HoursIntervalDto], example: dayExample })
  tuesday!: HoursIntervalDto[];
  @ApiProperty({ type: [HoursIntervalDto], example: dayExample })
  wednesday!: HoursIntervalDto[];
  @ApiProperty({ type: [HoursIntervalDto], example: dayExample })
  thursday!: HoursIntervalDto[];
  @ApiProperty({ type: [HoursIntervalDto], example: dayExample })
  friday!: HoursIntervalDto[];
  @ApiProperty({ type: [HoursIntervalDto], example: weekendExample })
  saturday!: HoursIntervalDto[];
  @ApiProperty({ type: [HoursIntervalDto], example: weekendExample })
  sunday!: HoursIntervalDto[];
}

/**
 * When texts and WeChat messages that are not urgent wait (until `end`), in the store's local time.
 * `end` before `start` spans midnight (the usual case: 21:30 to 08:30 the next morning).
 */
export class QuietHoursDto {
  /** Start, `HH:MM` from 00:00 to 23:59. */
  @ApiProperty({ example: '21:30', pattern: QUIET_HOURS_TIME.source })
  @IsString()
  @Matches(QUIET_HOURS_TIME, { message: 'must be a time HH:MM from 00:00 to 23:59' })
  start!: string;

  /** End, `HH:MM` from 00:00 to 23:59, not equal to `start`. */
  @ApiProperty({ example: '08:30', pattern: QUIET_HOURS_TIME.source })
  @IsString()
  @Matches(QUIET_HOURS_TIME, { message: 'must be a time HH:MM from 00:00 to 23:59' })
  @DiffersFromStart()
  end!: string;
}

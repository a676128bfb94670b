import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import type { WorkingInterval, WorkingIntervalsQuery } from '../scheduling-contracts.js';

/**
 * The working intervals of staff members in a store: their scheduled shifts there, minus breaks,
 * approved time off and store closures, clipped to the range. One SQL query (see working-intervals.ts
 * for the pure arithmetic).
 */
@Injectable()
export class WorkingTimeReader {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Every requested id is a key (an empty list when they do not work then). */
  async workingIntervals(query: WorkingIntervalsQuery): Promise<Map<string, WorkingInterval[]>> {
    void this.db;
    void query;
    throw new Error('WorkingTimeReader.workingIntervals: being written (issue 12, working intervals part)');
  }
}

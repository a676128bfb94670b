import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import type { ResourceWithBlocks } from '../scheduling-contracts.js';

/** The active resources of a type in a store, with their maintenance blocks in a range (one query). */
@Injectable()
export class ResourceDirectory {
  constructor(@Inject(Db) private readonly db: Db) {}

  async ofType(storeId: string, type: string, range: { from: Date; to: Date }): Promise<ResourceWithBlocks[]> {
    void this.db;
    void [storeId, type, range];
    throw new Error('ResourceDirectory.ofType: being written (issue 12, resources part)');
  }
}

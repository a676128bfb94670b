import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { CatalogService } from '../../catalog/index.js';
import type { QualifiedStaff } from '../scheduling-contracts.js';

/** The staff able to perform a variation in a store, with their effective price and duration (two queries: catalog's and ours). */
@Injectable()
export class QualifiedStaffFinder {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  async find(variationId: string, storeId: string, options: { online?: boolean } = {}): Promise<QualifiedStaff> {
    void this.db;
    void this.catalog;
    void [variationId, storeId, options];
    throw new Error('QualifiedStaffFinder.find: being written (issue 12, catalog levels part)');
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { isUuid } from '../../common/validation/index.js';
import type { StoreAddress } from './store-address.js';
import { StoreErrors } from './stores.errors.js';

/** How another module shows a store to people (a staff member's calendar feed). */
export interface StoreSummary {
  id: string;
  name: string;
  address: StoreAddress;
  timeZone: string;
}

/**
 * What other modules may ask the stores module. Narrow on purpose: callers have already decided
 * who may see what; these methods answer facts about stores.
 */
@Injectable()
export class StoresService {
  constructor(@Inject(Db) private readonly db: Db) {}

  /**
   * Throws `reference.not_found` (422, naming the missing ids in `errors[]` and `missingIds`) unless every
   * id names a store. Archived stores exist. Joins the caller's transaction when there is one.
   */
  async assertStoresExist(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const candidates = unique.filter(isUuid);
    const found = candidates.length
      ? new Set((await this.db.rows<{ id: string }>('SELECT id FROM store WHERE id = ANY($1::uuid[])', [candidates])).map((row) => row.id))
      : new Set<string>();
    const missing = unique.filter((id) => !found.has(id.toLowerCase()));
    if (missing.length > 0) throw StoreErrors.unknownStores(missing);
  }

  /** The store's IANA time zone; `store.not_found` (404) when there is no such store. */
  async getTimeZone(storeId: string): Promise<string> {
    if (!isUuid(storeId)) throw StoreErrors.notFound(storeId);
    const [row] = await this.db.rows<{ time_zone: string }>('SELECT time_zone FROM store WHERE id = $1', [storeId]);
    if (!row) throw StoreErrors.notFound(storeId);
    return row.time_zone;
  }

  /** Name, address and time zone of each store named (archived ones too); ids that name no store are left out. */
  async describeStores(ids: readonly string[]): Promise<StoreSummary[]> {
    const candidates = [...new Set(ids.filter(isUuid))];
    if (candidates.length === 0) return [];
    return this.db.rows<StoreSummary>('SELECT id, name, address, time_zone AS "timeZone" FROM store WHERE id = ANY($1::uuid[])', [candidates]);
  }
}

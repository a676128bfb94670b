import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import type { ResourceWithBlocks } from '../scheduling-contracts.js';

interface Row {
  resourceId: string;
  name: string;
  type: string;
  blocks: Array<{ id: string; start: string; end: string; reason: string }>;
}

/** The active resources of a type in a store, with their maintenance blocks in a range (one query). */
@Injectable()
export class ResourceDirectory {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** By name; each with its blocks that overlap `[from, to)`, in start order. */
  async ofType(storeId: string, type: string, range: { from: Date; to: Date }): Promise<ResourceWithBlocks[]> {
    if (!isUuid(storeId)) return [];
    const rows = await this.db.rows<Row>(
      `SELECT r.id AS "resourceId", r.name::text AS name, r.type,
              coalesce((SELECT json_agg(json_build_object('id', b.id, 'start', lower(b.during), 'end', upper(b.during), 'reason', b.reason) ORDER BY lower(b.during), b.id)
                          FROM resource_block b WHERE b.resource_id = r.id AND b.during && tstzrange($3, $4)), '[]') AS blocks
         FROM resource r
        WHERE r.store_id = $1 AND r.type = $2 AND r.status = 'active'
        ORDER BY r.name, r.id`,
      [storeId, type, range.from, range.to],
    );
    return rows.map((row) => ({ ...row, blocks: row.blocks.map((block) => ({ ...block, start: new Date(block.start), end: new Date(block.end) })) }));
  }
}

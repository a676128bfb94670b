/** The columns of `resource` and `resource_block` as rows (camelCase), for hand-written SQL. */
import { columnList } from '../../../common/database/index.js';
import type { BlockRow } from './dto/resource-block.dto.js';
import type { Resource } from './resource.entity.js';

export const RESOURCE_COLUMNS = columnList<Resource>({
  id: 'id',
  storeId: 'store_id',
  // citext reads back as text: the name as it was written.
  name: 'name::text',
  type: 'type',
  status: 'status',
  note: 'note',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** A block's range as its two ends (`[start, end)`). */
export const BLOCK_COLUMNS = columnList<BlockRow>({
  id: 'id',
  resourceId: 'resource_id',
  start: 'lower(during)',
  end: 'upper(during)',
  reason: 'reason',
  createdBy: 'created_by',
  createdAt: 'created_at',
});

import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { columnList, Db, Transactional } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { assertChangeable, findCustomer } from './customer-rows.js';
import type { CreateCustomerNoteDto, CustomerNoteResponseDto } from '../dto/customer-actions.dto.js';

export const NOTE_COLUMNS = columnList<CustomerNoteResponseDto>({
  id: 'id',
  customerId: 'customer_id',
  body: 'body',
  authorId: 'author_id',
  authorName: 'author_name',
  createdAt: 'created_at',
});

/** Staff notes about a customer: any staff member (or a write key) adds them; they are never edited. */
@Injectable()
export class CustomerNotesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Transactional()
  async add(actor: Actor, customerId: string, dto: CreateCustomerNoteDto): Promise<CustomerNoteResponseDto> {
    // KEY SHARE: waits for an anonymization or a merge in flight, then sees what they left.
    assertChangeable(await findCustomer(this.db, customerId, 'key share'));
    const authorName = actor.name ?? (actor.kind === 'api_key' ? 'API key' : null);
    const [note] = await this.db.rows<CustomerNoteResponseDto>(
      `INSERT INTO customer_note (customer_id, author_id, author_name, author_type, body) VALUES ($1, $2, $3, $4, $5) RETURNING ${NOTE_COLUMNS}`,
      [customerId, actor.id, authorName, actor.kind, dto.body],
    );
    // The text stays out of the audit log: anonymization erases it from the note alone.
    await this.audit.record({ action: 'customer_note.create', entityType: 'customer_note', entityId: note.id, after: { customerId, length: dto.body.length } });
    return note;
  }
}

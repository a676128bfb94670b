import { Inject, Injectable } from '@nestjs/common';
import { CommonErrors, DomainError, type FieldError } from '../../../common/errors/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CustomersService } from '../../customers/index.js';
import type { PreferredStaffMemberDto, PreferredStaffResponseDto, PutPreferredStaffDto } from './dto/preferred-staff.dto.js';

/**
 * A customer's preferred staff: stored on the customer's profile through CustomersService (which
 * answers `customer.not_found` and audits the change); scheduling checks that each id is an active
 * staff member and describes them. Customers belong to the business, so any staff member may be named.
 */
@Injectable()
export class PreferredStaffService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CustomersService) private readonly customers: CustomersService,
  ) {}

  async get(customerId: string): Promise<PreferredStaffResponseDto> {
    return { data: await this.describe(await this.customers.preferredStaffOf(customerId)) };
  }

  @Transactional()
  async put(customerId: string, dto: PutPreferredStaffDto): Promise<PreferredStaffResponseDto> {
    // An unknown customer answers 404 before anything about the staff.
    await this.customers.preferredStaffOf(customerId);
    await this.assertActiveStaff(dto.staffMemberIds);
    return { data: await this.describe(await this.customers.setPreferredStaff(customerId, dto.staffMemberIds)) };
  }

  /** Each id once, each an active staff member: the problem names every index that is not. */
  private async assertActiveStaff(ids: string[]): Promise<void> {
    const repeated: FieldError[] = ids.flatMap((id, i) => (ids.indexOf(id) < i ? [{ field: `staffMemberIds[${i}]`, message: 'lists this staff member a second time' }] : []));
    if (repeated.length) throw CommonErrors.validation(repeated);
    if (ids.length === 0) return;
    const rows = await this.db.rows<{ id: string; status: string }>('SELECT id, status FROM staff_member WHERE id = ANY($1::uuid[])', [ids]);
    const status = new Map(rows.map((row) => [row.id, row.status]));
    const errors: FieldError[] = ids.flatMap((id, i) => {
      const field = `staffMemberIds[${i}]`;
      if (!status.has(id)) return [{ field, message: 'names no staff member' }];
      return status.get(id) === 'active' ? [] : [{ field, message: 'is not an active staff member' }];
    });
    if (errors.length === 0) return;
    const unknown = errors.some((error) => error.message === 'names no staff member');
    throw new DomainError(unknown ? 'reference.not_found' : 'staff_member.inactive', 422, errors.map((error) => `${error.field}: ${error.message}`).join('; '), {
      title: unknown ? 'A referenced record does not exist' : 'A staff member is not active',
      errors,
    });
  }

  /** In the order given; one query. */
  private async describe(ids: readonly string[]): Promise<PreferredStaffMemberDto[]> {
    if (ids.length === 0) return [];
    return this.db.rows<PreferredStaffMemberDto>(
      `SELECT m.id AS "staffMemberId", m.display_name AS "displayName", l.name AS "levelName", m.status = 'active' AS active
         FROM unnest($1::uuid[]) WITH ORDINALITY AS preferred(id, position)
         JOIN staff_member m ON m.id = preferred.id LEFT JOIN staff_level l ON l.id = m.level_id
        ORDER BY preferred.position`,
      [ids],
    );
  }
}

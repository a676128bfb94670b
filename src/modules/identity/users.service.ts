import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { canSeeStore } from '../../common/auth/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { Actor, StaffRole } from '../../common/http/request-context.js';
import { paginate, type Page } from '../../common/http/pagination.js';
import { StoresService } from '../stores/index.js';
import type { CreateUserDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto.js';
import { IdentityErrors } from './identity.errors.js';
import { normaliseEmail, normalisePhone } from '../../common/validation/index.js';
import { passwordProblems } from './password-rules.js';
import { PasswordService } from './password.service.js';
import { SessionsService } from './sessions.service.js';
import { StaffDirectory, type UserView } from './staff-directory.js';
import { StaffUser, type StaffLocale } from './staff-user.entity.js';
import { assertCanAssign, assertCanManage, canSeeUser, type ActingStaff } from './user-policy.js';
import { assertVersion, updateVersioned } from '../../common/http/etag.js';

export interface NewOwner {
  email: string;
  password: string;
  name?: string;
  phone?: string;
}

export type CreateOwnerOutcome = { created: true; user: UserView } | { created: false; existing: 'email' | 'phone' };

/** Staff users: who sees and manages whom is decided by user-policy.ts. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(StaffDirectory) private readonly directory: StaffDirectory,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  /**
   * Owners list everyone; managers the users of their stores. Newest first. A `storeId` the caller
   * cannot see matches nobody (an empty page, as /v1/audit-events answers), so it tells nothing.
   */
  async list(actor: Actor, query: UserListQueryDto): Promise<Page<UserView>> {
    const acting = actingStaff(actor);
    const builder = this.db.repo(StaffUser).createQueryBuilder('u');
    if (acting.storeIds !== 'all') {
      builder.andWhere('EXISTS (SELECT 1 FROM staff_user_store vs WHERE vs.user_id = u.id AND vs.store_id = ANY(:visible::uuid[]))', {
        visible: acting.storeIds,
      });
    }
    if (query.role) builder.andWhere('u.role = :role', { role: query.role });
    if (query.status) builder.andWhere('u.status = :status', { status: query.status });
    if (query.storeId) {
      builder.andWhere('EXISTS (SELECT 1 FROM staff_user_store fs WHERE fs.user_id = u.id AND fs.store_id = :storeId)', { storeId: query.storeId });
      if (!canSeeStore(actor, query.storeId)) builder.andWhere('FALSE');
    }
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      builder.andWhere('(u.name ILIKE :q OR u.email::text ILIKE :q OR u.phone ILIKE :q)', { q: pattern });
    }
    const page = await paginate(builder, query);
    const users = await this.directory.withStores(page.data);
    return { data: users.map((user) => shownTo(acting, user)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const acting = actingStaff(actor);
    return shownTo(acting, await this.findVisible(acting, id));
  }

  @Transactional()
  async create(actor: Actor, input: CreateUserDto): Promise<UserView> {
    const acting = actingStaff(actor);
    const storeIds = input.storeIds ?? [];
    assertCanAssign(acting, input.role, storeIds);
    const { email, phone } = loginFields(input.email ?? null, input.phone ?? null);
    await this.assertLoginsFree(email, phone);
    const passwordHash = await this.checkedHash('password', input.password, [email, phone]);
    const id = await this.insertUser({ name: input.name, email, phone, role: input.role, locale: input.locale ?? 'zh-CN', passwordHash });
    await this.assignStores(id, storeIds);
    const user = await this.mustGet(id);
    await this.audit.record({ action: 'user.create', entityType: 'user', entityId: id, storeId: auditStore(acting, user), after: auditView(user) });
    return shownTo(acting, user);
  }

  /** Applies the given fields if the user is still at `expectedVersion` (else 412). */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, input: UpdateUserDto): Promise<UserView> {
    const acting = actingStaff(actor);
    const before = await this.findVisible(acting, id);
    assertCanManage(acting, before);
    assertVersion(before, expectedVersion);

    const role = input.role ?? before.role;
    const storeIds = role === 'owner' ? (input.storeIds ?? []) : (input.storeIds ?? (before.role === 'owner' ? [] : before.storeIds));
    if (input.role !== undefined || input.storeIds !== undefined) assertCanAssign(acting, role, storeIds);
    if (before.role === 'owner' && role !== 'owner' && before.status === 'active') await this.assertAnotherActiveOwner(id);
    const { email, phone } = loginFields(input.email, input.phone, before);
    await this.assertLoginsFree(email === before.email ? null : email, phone === before.phone ? null : phone, id);

    const changes = [
      ['name', input.name ?? before.name],
      ['email', email],
      ['phone', phone],
      ['role', role],
      ['locale', input.locale ?? before.locale],
    ] as const;
    await updateVersioned(this.db, { table: 'staff_user', id, expectedVersion, changes, returning: 'id' });
    const storesChanged = !sameSet(storeIds, before.storeIds);
    if (storesChanged) {
      await this.db.execute('DELETE FROM staff_user_store WHERE user_id = $1', [id]);
      await this.assignStores(id, storeIds);
    }
    // Their access tokens carry role and stores: the ones issued so far stop working (they refresh).
    if (storesChanged || role !== before.role) await this.sessions.revokeAccessOf(id);
    const after = await this.mustGet(id);
    // The audit copy keeps the full store list (the audit trail is filed under one store the actor sees).
    await this.audit.record({ action: 'user.update', entityType: 'user', entityId: id, storeId: auditStore(acting, after), before: auditView(before), after: auditView(after) });
    return shownTo(acting, after);
  }

  /** Disables the user and ends every session and access token. Nobody disables themselves or the last active owner. */
  @Transactional()
  async disable(actor: Actor, id: string): Promise<UserView> {
    const acting = actingStaff(actor);
    const before = await this.findVisible(acting, id);
    if (before.id === acting.id) throw IdentityErrors.cannotDisableSelf();
    assertCanManage(acting, before);
    if (before.status === 'disabled') return shownTo(acting, before);
    if (before.role === 'owner') await this.assertAnotherActiveOwner(id);
    // The user's row first, then the tokens: the lock order sign-in and refresh use too.
    await this.db.execute(`UPDATE staff_user SET status = 'disabled', version = version + 1, updated_at = now() WHERE id = $1`, [id]);
    const sessionsEnded = await this.sessions.revokeAllOf(id);
    const after = await this.mustGet(id);
    await this.audit.record({
      action: 'user.disable',
      entityType: 'user',
      entityId: id,
      storeId: auditStore(acting, after),
      before: { status: before.status },
      after: { status: after.status, sessionsEnded },
    });
    return shownTo(acting, after);
  }

  @Transactional()
  async enable(actor: Actor, id: string): Promise<UserView> {
    const acting = actingStaff(actor);
    const before = await this.findVisible(acting, id);
    assertCanManage(acting, before);
    if (before.status === 'active') return shownTo(acting, before);
    await this.db.execute(`UPDATE staff_user SET status = 'active', version = version + 1, updated_at = now() WHERE id = $1`, [id]);
    const after = await this.mustGet(id);
    await this.audit.record({
      action: 'user.enable',
      entityType: 'user',
      entityId: id,
      storeId: auditStore(acting, after),
      before: { status: before.status },
      after: { status: after.status },
    });
    return shownTo(acting, after);
  }

  /** Sets a new password for someone (forgotten passwords); every session and access token of theirs ends. */
  @Transactional()
  async resetPassword(actor: Actor, id: string, password: string): Promise<void> {
    const acting = actingStaff(actor);
    const user = await this.findVisible(acting, id);
    assertCanManage(acting, user);
    const passwordHash = await this.checkedHash('password', password, [user.email, user.phone]);
    await this.db.execute('UPDATE staff_user SET password_hash = $2, updated_at = now() WHERE id = $1', [id, passwordHash]);
    const sessionsEnded = await this.sessions.revokeAllOf(id);
    await this.audit.record({ action: 'user.password_reset', entityType: 'user', entityId: id, storeId: auditStore(acting, user), after: { sessionsEnded } });
  }

  /**
   * The first owner, from the command line (no actor: audited as `system`). Refuses, changing
   * nothing, when the e-mail or phone already belongs to a user.
   */
  @Transactional()
  async createOwner(input: NewOwner): Promise<CreateOwnerOutcome> {
    const { email, phone } = loginFields(input.email, input.phone ?? null);
    const [existing] = await this.db.rows<{ email: string | null }>('SELECT email FROM staff_user WHERE email = $1 OR phone = $2', [email, phone]);
    if (existing) return { created: false, existing: existing.email?.toLowerCase() === email ? 'email' : 'phone' };
    const passwordHash = await this.checkedHash('password', input.password, [email, phone]);
    const id = await this.insertUser({ name: input.name?.trim() || 'Owner', email, phone, role: 'owner', locale: 'zh-CN', passwordHash });
    const user = await this.mustGet(id);
    await this.audit.record({ action: 'user.create', entityType: 'user', entityId: id, after: auditView(user) });
    return { created: true, user };
  }

  private async findVisible(acting: ActingStaff, id: string): Promise<UserView> {
    const user = await this.directory.get(id);
    if (!user || !canSeeUser(acting, user)) throw IdentityErrors.userNotFound(id);
    return user;
  }

  private async mustGet(id: string): Promise<UserView> {
    const user = await this.directory.get(id);
    if (!user) throw IdentityErrors.userNotFound(id);
    return user;
  }

  private async checkedHash(field: string, password: string, personal: Array<string | null>): Promise<string> {
    const problems = passwordProblems(password, personal);
    if (problems.length > 0) throw IdentityErrors.weakPassword(field, problems);
    return this.passwords.hash(password);
  }

  private async insertUser(row: { name: string; email: string | null; phone: string | null; role: StaffRole; locale: StaffLocale; passwordHash: string }): Promise<string> {
    const [inserted] = await this.db.rows<{ id: string }>('INSERT INTO staff_user (name, email, phone, role, locale, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
      row.name,
      row.email,
      row.phone,
      row.role,
      row.locale,
      row.passwordHash,
    ]);
    return inserted.id;
  }

  /** Another user signing in with the e-mail or phone → 409 naming the field (the unique constraints settle races). */
  private async assertLoginsFree(email: string | null, phone: string | null, exceptId?: string): Promise<void> {
    if (!email && !phone) return;
    const rows = await this.db.rows<{ email: string | null; phone: string | null }>(
      'SELECT email, phone FROM staff_user WHERE (email = $1 OR phone = $2) AND id IS DISTINCT FROM $3',
      [email, phone, exceptId ?? null],
    );
    if (email && rows.some((row) => row.email?.toLowerCase() === email)) throw IdentityErrors.emailTaken();
    if (phone && rows.some((row) => row.phone === phone)) throw IdentityErrors.phoneTaken();
  }

  /**
   * Asks the stores module first (422 `reference.not_found` naming `storeIds`); the foreign key stays the
   * last word and reads the same (see identity.errors.ts).
   */
  private async assignStores(userId: string, storeIds: string[]): Promise<void> {
    if (storeIds.length === 0) return;
    await this.stores.assertStoresExist(storeIds);
    await this.db.execute('INSERT INTO staff_user_store (user_id, store_id) SELECT $1, unnest($2::uuid[])', [userId, storeIds]);
  }

  /**
   * Locks the active owners' rows (in id order, so two of these never deadlock) and checks one other
   * than `userId` stays: two owners disabling each other at once cannot both succeed.
   */
  private async assertAnotherActiveOwner(userId: string): Promise<void> {
    const owners = await this.db.rows<{ id: string }>(`SELECT id FROM staff_user WHERE role = 'owner' AND status = 'active' ORDER BY id FOR UPDATE`);
    if (!owners.some((owner) => owner.id !== userId)) throw IdentityErrors.lastOwner();
  }
}

function actingStaff(actor: Actor): ActingStaff {
  // The routes admit staff only; an API key here would be a wiring mistake, never a user's.
  if (actor.kind !== 'user') throw IdentityErrors.notManageable();
  return { id: actor.id, role: actor.role, storeIds: actor.storeIds };
}

/**
 * Normalised e-mail and phone; at least one is required. `undefined` keeps the current value
 * (already normalised), `null` or '' removes it.
 */
function loginFields(
  rawEmail: string | null | undefined,
  rawPhone: string | null | undefined,
  current: { email: string | null; phone: string | null } = { email: null, phone: null },
): { email: string | null; phone: string | null } {
  const read = (raw: string | null | undefined, kept: string | null, normalise: (text: string) => string | undefined) =>
    raw === undefined ? kept : raw === null || raw.trim() === '' ? null : normalise(raw);
  const email = read(rawEmail, current.email, normaliseEmail);
  const phone = read(rawPhone, current.phone, normalisePhone);
  const errors = [];
  if (email === undefined) errors.push({ field: 'email', message: 'must be an e-mail address' });
  if (phone === undefined) errors.push({ field: 'phone', message: 'must be a valid phone number (+86 is assumed without a country code)' });
  if (errors.length > 0) throw IdentityErrors.invalidFields(errors);
  if (!email && !phone) throw IdentityErrors.loginRequired();
  return { email: email ?? null, phone: phone ?? null };
}

/**
 * The user as the caller may see them: a manager learns only the ids of stores they can see, not
 * the other stores a colleague also works at.
 */
function shownTo(acting: ActingStaff, user: UserView): UserView {
  const visible = acting.role === 'owner' ? 'all' : acting.storeIds;
  if (visible === 'all') return user;
  return { ...user, storeIds: user.storeIds.filter((storeId) => visible.includes(storeId)) };
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** The store an audit entry is filed under, so managers can find it: one the actor sees, when there is one. */
function auditStore(acting: ActingStaff, user: UserView): string | null {
  const visible = acting.storeIds === 'all' ? user.storeIds : user.storeIds.filter((storeId) => acting.storeIds.includes(storeId));
  return visible[0] ?? user.storeIds[0] ?? null;
}

/** What the audit log keeps of a user (e-mail and phone are redacted by the audit service). */
function auditView(user: UserView): Record<string, unknown> {
  return { name: user.name, email: user.email, phone: user.phone, role: user.role, locale: user.locale, status: user.status, storeIds: user.storeIds, version: user.version };
}

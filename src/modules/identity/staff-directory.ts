import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import type { StaffRole } from '../../common/http/request-context.js';
import type { LoginName } from './login-name.js';
import { StaffUser, type StaffLocale } from './staff-user.entity.js';
import type { TokenSubject } from './token.service.js';

/** A staff user as the API shows it: the row without its hash, plus the stores the user works at. */
export interface UserView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: StaffRole;
  locale: StaffLocale;
  status: 'active' | 'disabled';
  /** Empty for owners, who see every store. */
  storeIds: string[];
  lastLoginAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface LoginCandidate extends UserView {
  passwordHash: string;
}

/** Reads staff users with their stores. Joins the caller's transaction when there is one. */
@Injectable()
export class StaffDirectory {
  constructor(@Inject(Db) private readonly db: Db) {}

  async get(id: string): Promise<UserView | undefined> {
    const user = await this.db.repo(StaffUser).findOneBy({ id });
    return user ? (await this.withStores([user]))[0] : undefined;
  }

  /** The user who signs in with this e-mail or phone, with the password hash to check. */
  async findForLogin(login: LoginName): Promise<LoginCandidate | undefined> {
    const user = await this.db
      .repo(StaffUser)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where(login.kind === 'email' ? 'u.email = :value' : 'u.phone = :value', { value: login.value })
      .getOne();
    if (!user) return undefined;
    const [view] = await this.withStores([user]);
    return { ...view, passwordHash: user.passwordHash };
  }

  /** Who a login names, for a password reset: one query, the same whether or not it names someone. */
  async contactForLogin(login: LoginName): Promise<{ id: string; name: string; email: string | null; phone: string | null; status: 'active' | 'disabled' } | undefined> {
    const [row] = await this.db.rows<{ id: string; name: string; email: string | null; phone: string | null; status: 'active' | 'disabled' }>(
      `SELECT id, name, email, phone, status FROM staff_user WHERE ${login.kind === 'email' ? 'email' : 'phone'} = $1`,
      [login.value],
    );
    return row;
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    const user = await this.db.repo(StaffUser).createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
    return user?.passwordHash;
  }

  /** Adds each user's store ids (one query for the whole list). */
  async withStores(users: StaffUser[]): Promise<UserView[]> {
    const ids = users.map((user) => user.id);
    const rows = ids.length
      ? await this.db.rows<{ user_id: string; store_id: string }>('SELECT user_id, store_id FROM staff_user_store WHERE user_id = ANY($1::uuid[]) ORDER BY store_id', [ids])
      : [];
    const stores = new Map<string, string[]>();
    for (const row of rows) stores.set(row.user_id, [...(stores.get(row.user_id) ?? []), row.store_id]);
    return users.map((user) => ({
      id: user.id,
      name: user.name,
      email: user.email,
      phone: user.phone,
      role: user.role,
      locale: user.locale,
      status: user.status,
      storeIds: stores.get(user.id) ?? [],
      lastLoginAt: user.lastLoginAt,
      version: user.version,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    }));
  }
}

/** What an access token says about a user. */
export function tokenSubjectOf(user: UserView): TokenSubject {
  return { id: user.id, role: user.role, storeIds: user.role === 'owner' ? 'all' : user.storeIds, name: user.name };
}

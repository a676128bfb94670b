import { DomainError } from '../../common/errors/index.js';
import { assertCanAssign, assertCanManage, canSeeUser, type ActingStaff, type StaffTarget } from './user-policy.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const owner: ActingStaff = { id: 'owner', role: 'owner', storeIds: 'all' };
const managerOfA: ActingStaff = { id: 'manager-a', role: 'manager', storeIds: [A] };
const receptionistOfA: ActingStaff = { id: 'reception-a', role: 'receptionist', storeIds: [A] };

const user = (role: StaffTarget['role'], storeIds: string[], id = `${role}-${storeIds.join('+')}`): StaffTarget => ({ id, role, storeIds });

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('canSeeUser', () => {
  it('lets owners see everyone', () => {
    expect(canSeeUser(owner, user('beautician', [B]))).toBe(true);
    expect(canSeeUser(owner, user('owner', []))).toBe(true);
  });

  it('lets managers see users sharing one of their stores, and themselves', () => {
    expect(canSeeUser(managerOfA, user('beautician', [A]))).toBe(true);
    expect(canSeeUser(managerOfA, user('beautician', [A, B]))).toBe(true);
    expect(canSeeUser(managerOfA, user('manager', [A]))).toBe(true);
    expect(canSeeUser(managerOfA, { ...managerOfA, storeIds: [A] })).toBe(true);
  });

  it("hides other stores' users and owners from managers", () => {
    expect(canSeeUser(managerOfA, user('beautician', [B]))).toBe(false);
    expect(canSeeUser(managerOfA, user('owner', []))).toBe(false);
  });

  it('shows front-line staff only themselves', () => {
    expect(canSeeUser(receptionistOfA, user('beautician', [A]))).toBe(false);
    expect(canSeeUser(receptionistOfA, { ...receptionistOfA, storeIds: [A] })).toBe(true);
  });
});

describe('assertCanManage', () => {
  it('lets owners manage anyone', () => {
    expect(codeOf(() => assertCanManage(owner, user('manager', [B])))).toBeUndefined();
    expect(codeOf(() => assertCanManage(owner, user('owner', [])))).toBeUndefined();
  });

  it('lets managers manage receptionists and beauticians of their own stores only', () => {
    expect(codeOf(() => assertCanManage(managerOfA, user('receptionist', [A])))).toBeUndefined();
    expect(codeOf(() => assertCanManage(managerOfA, user('beautician', [A])))).toBeUndefined();
    expect(codeOf(() => assertCanManage(managerOfA, user('manager', [A])))).toBe('user.not_manageable');
    expect(codeOf(() => assertCanManage(managerOfA, user('beautician', [A, B])))).toBe('user.not_manageable');
  });

  it('refuses everyone else', () => {
    expect(codeOf(() => assertCanManage(receptionistOfA, user('beautician', [A])))).toBe('user.not_manageable');
  });
});

describe('assertCanAssign', () => {
  it('keeps owners without a store list and everyone else with one', () => {
    expect(codeOf(() => assertCanAssign(owner, 'owner', []))).toBeUndefined();
    expect(codeOf(() => assertCanAssign(owner, 'owner', [A]))).toBe('user.owner_has_no_stores');
    expect(codeOf(() => assertCanAssign(owner, 'manager', []))).toBe('user.stores_required');
    expect(codeOf(() => assertCanAssign(owner, 'manager', [A, B]))).toBeUndefined();
  });

  it('lets managers give only front-line roles at their own stores', () => {
    expect(codeOf(() => assertCanAssign(managerOfA, 'beautician', [A]))).toBeUndefined();
    expect(codeOf(() => assertCanAssign(managerOfA, 'manager', [A]))).toBe('user.role_not_allowed');
    expect(codeOf(() => assertCanAssign(managerOfA, 'owner', []))).toBe('user.role_not_allowed');
    expect(codeOf(() => assertCanAssign(managerOfA, 'receptionist', [A, B]))).toBe('reference.not_found');
  });
});

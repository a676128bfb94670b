/** Rules of staff records, pure: skills, the stores a manager may change, warnings. */
import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { FieldError } from '../../../common/errors/index.js';

/** The catalog's `skill` format (catalog-rules SLUG: `hair_colour`), which staff skills must match to be matched. */
export const SKILL = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_SKILLS = 50;
export const MAX_STAFF_STORES = 50;

export const IsSkill = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isSkill',
      validator: {
        validate: (value) => typeof value === 'string' && SKILL.test(value),
        defaultMessage: () => 'must be a skill as services name it: 1 to 40 lower-case letters, digits or `_`, starting with a letter (`hair_colour`)',
      },
    },
    options,
  );

/** `skills[i].skill` for each skill listed a second time. */
export function duplicateSkills(skills: ReadonlyArray<{ skill: string }>): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const [i, { skill }] of skills.entries()) {
    if (seen.has(skill)) errors.push({ field: `skills[${i}].skill`, message: `lists "${skill}" a second time` });
    seen.add(skill);
  }
  return errors;
}

/** A warning for each listed skill that no service requires (a typo, or a service not added yet). */
export function unusedSkillWarnings(skills: ReadonlyArray<{ skill: string }>, unused: readonly string[]): FieldError[] {
  const set = new Set(unused);
  return skills.flatMap(({ skill }, i) => (set.has(skill) ? [{ field: `skills[${i}].skill`, message: `no service requires "${skill}" yet` }] : []));
}

export interface StoreChange {
  /** The staff member's stores after the change. */
  next: string[];
  added: string[];
  removed: string[];
  /** Stores asked for that the actor may not give (they cannot see them and the member is not there yet). */
  refused: string[];
}

/**
 * The stores a staff member works at once an actor replaced the list with `given`. An actor who sees
 * every store (`visible` = 'all') sets the list as given. Others change only the stores they see:
 * stores they cannot see stay as they were, whether given or not, and one they cannot see that the
 * member is not at yet is refused.
 */
export function changeStores(before: readonly string[], given: readonly string[], visible: readonly string[] | 'all'): StoreChange {
  const sees = (id: string) => visible === 'all' || visible.includes(id);
  const refused = given.filter((id) => !sees(id) && !before.includes(id));
  const next = [...new Set([...before.filter((id) => !sees(id)), ...given.filter(sees)])];
  return { next, added: next.filter((id) => !before.includes(id)), removed: before.filter((id) => !next.includes(id)), refused };
}

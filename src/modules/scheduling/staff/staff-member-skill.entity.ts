import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { StaffMember } from './staff-member.entity.js';

/** A skill a staff member has (the `skill` string catalog's services require), with an optional proficiency 1–5. */
@Entity('staff_member_skill')
@Check('ck_staff_member_skill_proficiency', `"proficiency" IS NULL OR "proficiency" BETWEEN 1 AND 5`)
@Index('ix_staff_member_skill_skill', ['skill'])
export class StaffMemberSkill {
  @ForeignKey(() => StaffMember, { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  staffMemberId!: string;

  @PrimaryColumn('text')
  skill!: string;

  @Column({ type: 'smallint', nullable: true })
  proficiency!: number | null;
}

/** The one SELECT of a staff member as the API answers it: the row, its level, stores and skills in one query. */
import type { StaffMemberResponseDto } from './dto/staff-member.dto.js';

export const STAFF_MEMBER_SELECT = `
  SELECT m.id, m.user_id AS "userId", m.name, m.display_name AS "displayName", m.photo_url AS "photoUrl",
         CASE WHEN l.id IS NULL THEN NULL ELSE json_build_object('id', l.id, 'code', l.code::text, 'name', l.name, 'rank', l.rank) END AS level,
         array(SELECT s.store_id::text FROM staff_member_store s WHERE s.staff_member_id = m.id ORDER BY s.store_id) AS "storeIds",
         coalesce((SELECT json_agg(json_build_object('skill', k.skill, 'proficiency', k.proficiency) ORDER BY k.skill)
                     FROM staff_member_skill k WHERE k.staff_member_id = m.id), '[]'::json) AS skills,
         m.calendar_color AS "calendarColor", m.bookable_online AS "bookableOnline", m.status,
         to_char(m.hire_date, 'YYYY-MM-DD') AS "hireDate", m.version, m.created_at AS "createdAt", m.updated_at AS "updatedAt"
    FROM staff_member m LEFT JOIN staff_level l ON l.id = m.level_id`;

/** Dates arrive as Dates from `pg`; everything else is already in the response's shape. */
export function toStaffMemberResponse(row: StaffMemberResponseDto): StaffMemberResponseDto {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    displayName: row.displayName,
    photoUrl: row.photoUrl,
    level: row.level,
    storeIds: row.storeIds,
    skills: row.skills,
    calendarColor: row.calendarColor,
    bookableOnline: row.bookableOnline,
    status: row.status,
    hireDate: row.hireDate,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

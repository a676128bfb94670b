/** OpenAPI pieces both working-time controllers use: the path parameters and the problems they share. */
import { ApiParam } from '@nestjs/swagger';
import { ApiProblem } from '../../../common/openapi/index.js';
import { WorkingTimeErrors } from '../scheduling.errors.js';

export const StaffIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The staff member', example: '8a4e2c1b-3d5f-4e6a-9b7c-0d1e2f3a4b5c' });

export const StaffNotFound = (also = '') => ApiProblem(404, 'staff_member.not_found', `No such staff member is visible to you (a beautician sees only themselves)${also}`);

/** The 422 of a write that names a store or a person who cannot work there now. */
export const NotWorkable = (also = '') =>
  ApiProblem(
    422,
    'staff_member.not_in_store',
    `\`storeId\` is not one of the staff member's stores, or not one you manage; \`staff_member.inactive\`: the staff member is inactive${also}`,
  );

export const Overlap = (what: string) =>
  ApiProblem(
    409,
    'scheduling.shift_overlap',
    `${what} overlaps another shift of this staff member (in this or another store); \`conflict\` names it (shift id, store, date, start, end)`,
    WorkingTimeErrors.overlap(
      'start',
      {
        shiftId: '5d0c3a7e-2b1f-4c8d-9e6a-7f1b2c3d4e5f',
        storeId: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10',
        date: '2030-01-08',
        start: '2030-01-08T10:00:00+08:00',
        end: '2030-01-08T19:00:00+08:00',
      },
      'This staff member already works 10:00–19:00 on 2030-01-08 at Bloom Xuhui (SH-XH), and one person cannot be in two places: change or cancel that shift first.',
    ),
  );

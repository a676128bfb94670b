import { DomainError, registerConstraint } from '../../../common/errors/index.js';

/** The segments' error codes. */
export const SegmentErrors = {
  notFound: (id: string) => new DomainError('segment.not_found', 404, `No segment with id ${id}.`),
};

registerConstraint('uq_segment_name', { code: 'segment.name_taken', detail: 'Another segment already has this name (names are compared regardless of case).', field: 'name' });

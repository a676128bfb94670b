/** Reading answers in tests: the problem content type, the fields a problem names, the ids of a page. */
export const PROBLEM = /^application\/problem\+json/;

export const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

export const idsOf = (body: { data: Array<{ id: string }> }) => body.data.map((item) => item.id);

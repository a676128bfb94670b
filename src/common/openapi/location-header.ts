/**
 * The `Location` header of a 201 whose route sets it by hand (the created resource is not at
 * `<collection>/{id}`, so common/http/location.ts does not set it and the document does not add it).
 */
export function locationHeader(description: string) {
  return { Location: { description, schema: { type: 'string', format: 'uri-reference' } } };
}

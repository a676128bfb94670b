import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDto } from './problem.schema.js';

/**
 * Documents a route-specific error: `@ApiProblem(404, 'store.not_found', 'No such store visible to you')`.
 * The generic ones (400, 401, 403, 500…) are added to every operation by addProblemResponses().
 */
export function ApiProblem(status: number, code: string, description: string) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiResponse({
      status,
      description: `${description} (\`${code}\`)`,
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) }, example: { type: `urn:bloom:problem:${code}`, status, code, title: description, detail: description } } },
    }),
  );
}

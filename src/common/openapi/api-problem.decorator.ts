import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { CommonErrors, DomainError } from '../errors/domain-error.js';
import { problemExample } from './problem-examples.js';
import { ProblemDto } from './problem.schema.js';

/**
 * Documents a route-specific error: `@ApiProblem(404, 'store.not_found', 'No such store visible to you')`.
 * The example is what the problem filter sends for that code with `description` as its detail; pass
 * the error itself (`CustomerErrors.phoneTaken(id)`) when it carries its own title or extensions.
 * The generic ones (400, 401, 403, 500…) are added to every operation by addProblemResponses().
 */
export function ApiProblem(status: number, code: string, description: string, error: DomainError = exampleError(status, code, description)) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiResponse({
      status,
      description: `${description} (\`${code}\`)`,
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) }, example: problemExample(error) } },
    }),
  );
}

/**
 * The one 422 for ids in a body that name nothing (`CommonErrors.referenceNotFound`): `description`
 * says which fields; the example names the first of them.
 */
export function ApiReferenceNotFound(field: string, what: string, description = `No ${what} has this \`${field}\``) {
  return ApiProblem(422, 'reference.not_found', `${description}; \`errors[]\` names the field`, CommonErrors.referenceNotFound(field, what));
}

/** A validation problem carries the title the validation pipe gives it; others their status's. */
function exampleError(status: number, code: string, description: string): DomainError {
  const validation = CommonErrors.validation([]);
  return new DomainError(code, status, description, { title: code === validation.code ? validation.options.title : undefined });
}

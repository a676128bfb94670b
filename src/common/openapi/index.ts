export { ApiProblem } from './api-problem.decorator.js';
export { ProblemDto, FieldErrorDto } from './problem.schema.js';
export { addProblemResponses } from './problem-responses.js';
export { markPublicOperations } from './public-operations.js';
export { problemExample } from './problem-examples.js';
export { addRequestExamples, REQUEST_EXAMPLE } from './request-examples.js';
export { describeRequestDefaults } from './request-defaults.js';

export { ApiProblem } from './api-problem.decorator.js';
export { ProblemDto, FieldErrorDto } from './problem.schema.js';
export { addProblemResponses } from './problem-responses.js';
export { API_TAGS, type ApiTagName } from './tags.js';

export { ApiProblem, ApiReferenceNotFound } from './api-problem.decorator.js';
export { ProblemDto, FieldErrorDto } from './problem.schema.js';
export { addProblemResponses } from './problem-responses.js';
export { locationHeader } from './location-header.js';
export { API_TAGS, type ApiTagName } from './tags.js';
export { markPublicOperations } from './public-operations.js';
export { addRequestExamples } from './request-examples.js';
export { describeRequestDefaults } from './request-defaults.js';

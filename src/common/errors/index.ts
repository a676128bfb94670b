export { DomainError, CommonErrors, type FieldError, type DomainErrorOptions } from './domain-error.js';
export { ProblemFilter, toProblem, sendProblem, clientErrorProblem } from './problem.filter.js';
export { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem.js';
export { referenceConstraint, registerConstraint, type ConstraintMeaning } from './constraint-registry.js';
export { createValidationPipe, flattenValidationErrors } from './validation.js';

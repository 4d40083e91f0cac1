// Kept for code written against the earlier location; new code imports from '../errors' and './construct-base'.
export { COLLECT_ERRORS_CONTEXT, PropsError } from '../errors';
export { Problems, type PropProblem, show } from './construct-base';

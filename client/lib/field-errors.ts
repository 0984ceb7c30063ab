import type { ApiError } from '../types/api';

// A form's rule results ({field: message or undefined}) as errors in the API's shape, so they
// are shown exactly where the API's own would be.
const fieldErrors = (results: Record<string, string | undefined>): ApiError[] =>
  Object.entries(results).flatMap(([field, message]) => (message ? [{ field, message }] : []));

export default fieldErrors;

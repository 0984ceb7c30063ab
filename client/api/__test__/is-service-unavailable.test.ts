import isServiceUnavailable from '../is-service-unavailable';
import { apiError, networkError } from '../../test/api-stubs';

it('is true when nothing answered', () => {
  expect(isServiceUnavailable(networkError())).toBe(true);
});

it('is true when the API failed itself', () => {
  expect(isServiceUnavailable(apiError(500, [{ message: 'Something went wrong' }]))).toBe(true);
  expect(isServiceUnavailable(apiError(503, [{ message: 'Not ready: mongo' }]))).toBe(true);
});

it('is false when the API refused the request', () => {
  expect(isServiceUnavailable(apiError(401, [{ message: 'Not authorized' }]))).toBe(false);
  expect(isServiceUnavailable(apiError(404, [{ message: 'Not Found' }]))).toBe(false);
});

it('is false for errors that did not come from a request', () => {
  expect(isServiceUnavailable(new Error('bug'))).toBe(false);
});

import axios from 'axios';

// True when the API could not answer at all (refused, timed out, DNS) or failed itself (5xx),
// as opposed to answering a request it rejects (4xx), which callers handle per page.
const isServiceUnavailable = (err: unknown): boolean =>
  axios.isAxiosError(err) && (!err.response || err.response.status >= 500);

export default isServiceUnavailable;

export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is unavailable right now. Please try again in a moment.';

/**
 * Runs once in each Next server process before it serves (Next's instrumentation hook).
 *
 * React's server renderer relies on ArrayBuffer.prototype.detached (ES2024: Node 22+) to tell an
 * empty chunk from a detached one; without it, it warns on every render that this "could be a
 * security issue". We support Node 20.19+, so we give Node 20 the standard core-js polyfill before
 * React is loaded. On Node 22+ core-js leaves the native getter in place.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('core-js/actual/array-buffer/detached');
}

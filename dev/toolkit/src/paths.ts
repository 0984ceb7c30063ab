import path from 'path';

/** Repository root: dev/toolkit/src -> ../../.. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Built binaries and the "mongod cannot be downloaded" marker live here. Git-ignored;
 * TICKETING_CACHE_DIR lets several clones share one cache.
 */
export const cacheDir = process.env.TICKETING_CACHE_DIR
  ? path.resolve(process.env.TICKETING_CACHE_DIR)
  : path.join(repoRoot, '.cache', 'servers');

export const binDir = path.join(cacheDir, 'bin');

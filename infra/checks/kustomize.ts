import { execFileSync } from 'child_process';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { ensureGoBinary } from '@ticketing/toolkit';
import { Manifest, repoRoot } from './manifests';

/**
 * kustomize, the same engine as `kubectl kustomize` and skaffold's kustomize deployer: on PATH, or
 * built once with Go from its module (the last release this machine's Go 1.26 builds) into the
 * servers' cache, like dev/toolkit's servers. No cluster and no Docker are needed to render.
 */
export const kustomizeBinary = (): string =>
  ensureGoBinary({
    name: 'kustomize',
    module: 'sigs.k8s.io/kustomize/kustomize/v5',
    version: 'v5.8.2',
    pkg: '.',
    envHint: 'PATH (a kustomize v5 binary)',
  }).path;

/** Renders a kustomization directory (relative to the repository root) into its objects. */
export const renderKustomization = (dir: string): Manifest[] => {
  const out = execFileSync(kustomizeBinary(), ['build', path.join(repoRoot, dir)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(out).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${dir}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return { ...(doc.toJS() as Omit<Manifest, 'source'>), source: dir };
  });
};

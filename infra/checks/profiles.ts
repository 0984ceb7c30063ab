import path from 'path';
import { applyPatch, deepClone, Operation } from 'fast-json-patch';
import { renderKustomization } from './kustomize';
import { globToRegExp, workingTreeFiles } from './context';
import { loadFiles, Manifest, repoRoot, SkaffoldConfig } from './manifests';

/**
 * What `skaffold -p <name>` works with: the profile's fields laid over the main configuration
 * as skaffold does it (objects merged field by field, a non-empty list or value replacing the
 * main one), then its JSON patches, in that order. No profile: the main configuration.
 */
export const effectiveSkaffold = (config: SkaffoldConfig, profileName?: string): SkaffoldConfig => {
  const { profiles, ...main } = config;
  if (!profileName) return main as SkaffoldConfig;
  const profile = profiles?.find((p) => p.name === profileName);
  if (!profile) throw new Error(`skaffold.yaml has no profile ${profileName}`);
  const overlay = (base: unknown, over: unknown): unknown => {
    if (over === undefined || over === null || over === '' || (Array.isArray(over) && over.length === 0)) return base;
    if (Array.isArray(over) || typeof over !== 'object') return over;
    const merged: Record<string, unknown> = { ...((base as Record<string, unknown>) ?? {}) };
    for (const [key, value] of Object.entries(over)) merged[key] = overlay(merged[key], value);
    return merged;
  };
  const { name: _name, patches = [], ...fields } = profile;
  const laid = overlay(deepClone(main), fields) as SkaffoldConfig;
  return applyPatch(laid, patches as Operation[], true, false).newDocument;
};

/** Every way skaffold.yaml deploys: `dev` for the main configuration, then each profile by name. */
export const deployModes = (config: SkaffoldConfig): string[] => ['dev', ...(config.profiles ?? []).map((p) => p.name)];

/** The objects a configuration deploys: its rawYaml files as they are, its kustomizations rendered. */
export const deployedManifests = (config: SkaffoldConfig): Manifest[] => {
  const globs = (config.manifests?.rawYaml ?? []).map((g) => globToRegExp(path.posix.normalize(g)));
  const files = workingTreeFiles().filter((f) => globs.some((g) => g.test(f)));
  return [
    ...loadFiles(files.map((f) => path.join(repoRoot, f))),
    ...(config.manifests?.kustomize?.paths ?? []).flatMap((p) => renderKustomization(p)),
  ];
};

/** The objects `skaffold dev` (mode `dev`) or `skaffold -p <mode>` deploys. */
export const modeManifests = (config: SkaffoldConfig, mode: string): Manifest[] =>
  deployedManifests(effectiveSkaffold(config, mode === 'dev' ? undefined : mode));

import path from 'path';
import ts from 'typescript';
import { Manifest, repoRoot } from './manifests';

/** Where kubernetes-models keeps the model class and interface of an apiVersion/kind. */
const modelModule = ({ apiVersion, kind }: Pick<Manifest, 'apiVersion' | 'kind'>): string =>
  apiVersion.startsWith('gateway.networking.k8s.io/')
    ? `@kubernetes-models/gateway-api/${apiVersion}/${kind}`
    : `kubernetes-models/${apiVersion}/${kind}`;

interface Model {
  validate(): void;
}
type ModelClass = new (data: object) => Model;

/**
 * Validates against the Kubernetes OpenAPI schema (Gateway API CRD schema for its kinds) by
 * constructing the kubernetes-models class and calling validate(). Returns the problems found.
 */
export const schemaProblems = (manifest: Manifest): string[] => {
  const where = `${manifest.source} ${manifest.kind}/${manifest.metadata?.name}`;
  let Kind: ModelClass | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the model's module is known only at run time
    Kind = (require(modelModule(manifest)) as Record<string, ModelClass>)[manifest.kind];
  } catch {
    Kind = undefined;
  }
  if (!Kind) return [`${where}: no schema for ${manifest.apiVersion} ${manifest.kind}`];
  const { source: _source, ...data } = manifest;
  try {
    new Kind(data).validate();
    return [];
  } catch (err) {
    return [`${where}: ${err instanceof Error ? err.message : String(err)}`];
  }
};

/**
 * The OpenAPI schemas allow unknown fields (the API server drops them, or rejects them with
 * strict field validation), so a misspelt `targetProt` would pass validate(). This walks each
 * object along the kubernetes-models TypeScript interfaces and reports fields they do not declare.
 */
export const unknownFieldProblems = (manifests: Manifest[]): string[] => {
  const probe = path.join(repoRoot, 'infra', 'checks', '__schema_probe__.ts');
  const lines = manifests.map(
    (m, i) => `import type { I${m.kind} as T${i} } from '${modelModule(m)}';\nexport declare const v${i}: T${i};`,
  );
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node20,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, languageVersion, ...rest) =>
    file === probe
      ? ts.createSourceFile(file, lines.join('\n'), languageVersion)
      : getSourceFile(file, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === probe || fileExists(file);
  const program = ts.createProgram([probe], options, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probe);
  if (!source) throw new Error('schema probe did not compile');
  const resolveErrors = ts
    .getPreEmitDiagnostics(program, source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (resolveErrors.length > 0) return resolveErrors;

  const problems: string[] = [];
  const objectTypes = (type: ts.Type): ts.Type[] => {
    const t = checker.getNonNullableType(type);
    const members = t.isUnion() ? t.types : [t];
    return members.filter((m) => (m.flags & ts.TypeFlags.Object) !== 0);
  };
  const walk = (value: unknown, type: ts.Type, at: string): void => {
    const candidates = objectTypes(type);
    if (candidates.length === 0) return;
    if (Array.isArray(value)) {
      const arrayType = candidates.find((c) => checker.isArrayType(c));
      const element = arrayType && checker.getTypeArguments(arrayType as ts.TypeReference)[0];
      if (element) value.forEach((item, i) => walk(item, element, `${at}[${i}]`));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    // Maps such as labels or resources.limits: any key is allowed.
    if (candidates.some((c) => c.getProperties().length === 0 && checker.getIndexInfosOfType(c).length > 0)) return;
    for (const [key, child] of Object.entries(value)) {
      const owner = candidates.find((c) => c.getProperty(key));
      const property = owner?.getProperty(key);
      if (!property) {
        problems.push(`${at}.${key}: unknown field`);
        continue;
      }
      walk(child, checker.getTypeOfSymbol(property), `${at}.${key}`);
    }
  };
  // One `export declare const v<i>: T<i>` per manifest, in order.
  const declared = source.statements
    .filter(ts.isVariableStatement)
    .map((st) => st.declarationList.declarations[0].name);
  manifests.forEach((m, i) => {
    const { source: file, ...data } = m;
    walk(data, checker.getTypeAtLocation(declared[i]), `${file} ${m.kind}/${m.metadata.name}`);
  });
  return problems;
};

import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';

/** Repository root: infra/checks -> ../.. */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const k8sDir = path.join(repoRoot, 'infra', 'k8s');
export const gatewayDir = path.join(repoRoot, 'infra', 'gateway');

/** A Kubernetes object as read from YAML: only the fields every check relies on are typed. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  /** File the object came from, relative to the repository root. */
  source: string;
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
    runAsNonRoot?: boolean;
    runAsUser?: number;
  };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  containers: Container[];
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string };
  };
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[];
  terminationGracePeriodSeconds?: number;
}

export interface Deployment extends Manifest {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

export interface Service extends Manifest {
  spec: { selector?: Record<string, string>; ports: ServicePort[] };
}

export interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { number?: number; name?: string } } };
}

export interface Ingress extends Manifest {
  spec: { ingressClassName?: string; rules: { host?: string; http: { paths: IngressPath[] } }[] };
}

export interface HTTPRoute extends Manifest {
  spec: {
    parentRefs: { name: string }[];
    hostnames?: string[];
    rules: {
      matches?: { path?: { type: string; value: string } }[];
      backendRefs?: { name: string; port?: number }[];
    }[];
  };
}

export const readYamlFile = (file: string): unknown[] => {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  return docs.map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
};

const yamlFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));

/** The objects of YAML files (absolute paths), each with its file relative to the repository root. */
export const loadFiles = (files: string[]): Manifest[] =>
  files.flatMap((file) =>
    readYamlFile(file)
      .filter((doc) => doc !== null)
      .map((doc) => ({ ...(doc as Omit<Manifest, 'source'>), source: path.relative(repoRoot, file) })),
  );

export const loadManifests = (dirs: string[] = [k8sDir, gatewayDir]): Manifest[] => loadFiles(dirs.flatMap(yamlFiles));

export const ofKind = <T extends Manifest>(manifests: Manifest[], kind: string): T[] =>
  manifests.filter((m) => m.kind === kind) as T[];

export interface SkaffoldArtifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string };
  sync?: { manual?: { src: string; dest: string; strip?: string }[] };
}

export interface SkaffoldManifests {
  rawYaml?: string[];
  kustomize?: { paths: string[] };
}

export interface SkaffoldProfile {
  name: string;
  build?: object;
  manifests?: SkaffoldManifests;
  deploy?: object;
  /** JSON patches (RFC 6902) applied to the configuration after the profile's fields. */
  patches?: { op: string; path: string; value?: unknown; from?: string }[];
}

export interface SkaffoldConfig {
  apiVersion: string;
  kind: string;
  build: { local?: { push?: boolean }; artifacts: SkaffoldArtifact[] };
  manifests?: SkaffoldManifests;
  deploy?: { kubectl?: object };
  profiles?: SkaffoldProfile[];
}

export const loadSkaffold = (): SkaffoldConfig =>
  readYamlFile(path.join(repoRoot, 'skaffold.yaml'))[0] as SkaffoldConfig;

/** The directory (relative to the repo) a skaffold artifact's Dockerfile lives in, e.g. `auth`. */
export const artifactDir = (artifact: SkaffoldArtifact): string =>
  path.dirname(artifact.docker?.dockerfile ?? 'Dockerfile');

/** Image name without its tag, e.g. `mongo:8.0` -> `mongo`. */
export const imageName = (image: string): string => image.replace(/:[^/:]+$/, '');

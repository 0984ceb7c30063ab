import fs from 'fs';
import path from 'path';
import { buildContextFiles, globToRegExp } from './context';
import { copyArgs, readDockerfile, stageConfig, targetStage } from './dockerfile';
import {
  artifactDir,
  Container,
  Deployment,
  HTTPRoute,
  imageName,
  Ingress,
  Manifest,
  ofKind,
  repoRoot,
  Service,
  SkaffoldConfig,
} from './manifests';

const sameLabels = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const containerPort = (c: Container, port: number | string): boolean =>
  (c.ports ?? []).some((p) => p.containerPort === port || p.name === port);

/** Each Deployment's selector selects its own pod template. */
export const selectorProblems = (manifests: Manifest[]): string[] =>
  ofKind<Deployment>(manifests, 'Deployment')
    .filter((d) => !sameLabels(d.spec.selector.matchLabels, d.spec.template.metadata.labels))
    .map(
      (d) =>
        `${d.metadata.name}: selector ${JSON.stringify(d.spec.selector.matchLabels)} does not match its pod labels`,
    );

/** The Deployments whose pods a Service selects. */
export const selectedDeployments = (manifests: Manifest[], service: Service): Deployment[] =>
  ofKind<Deployment>(manifests, 'Deployment').filter(
    (d) => service.spec.selector && sameLabels(service.spec.selector, d.spec.template.metadata.labels),
  );

/** Each Service selects exactly one Deployment, and each targetPort is a port of its containers. */
export const serviceProblems = (manifests: Manifest[]): string[] =>
  ofKind<Service>(manifests, 'Service').flatMap((service) => {
    const selected = selectedDeployments(manifests, service);
    if (selected.length !== 1) return [`${service.metadata.name}: selects ${selected.length} Deployments, not 1`];
    const containers = selected[0].spec.template.spec.containers;
    return service.spec.ports
      .filter((p) => !containers.some((c) => containerPort(c, p.targetPort ?? p.port)))
      .map(
        (p) =>
          `${service.metadata.name}: targetPort ${p.targetPort ?? p.port} is no port of ${selected[0].metadata.name}`,
      );
  });

const servicePortProblem = (manifests: Manifest[], name: string, port: number | undefined, from: string): string[] => {
  const service = ofKind<Service>(manifests, 'Service').find((s) => s.metadata.name === name);
  if (!service) return [`${from}: no Service ${name}`];
  if (!service.spec.ports.some((p) => p.port === port)) return [`${from}: Service ${name} has no port ${port}`];
  return [];
};

/** Every Ingress and HTTPRoute backend is an existing Service and one of its ports; routes attach to a Gateway. */
export const backendProblems = (manifests: Manifest[]): string[] => [
  ...ofKind<Ingress>(manifests, 'Ingress').flatMap((ingress) =>
    ingress.spec.rules.flatMap((rule) =>
      rule.http.paths.flatMap((p) =>
        servicePortProblem(
          manifests,
          p.backend.service.name,
          p.backend.service.port.number,
          `${ingress.metadata.name} ${p.path}`,
        ),
      ),
    ),
  ),
  ...ofKind<HTTPRoute>(manifests, 'HTTPRoute').flatMap((route) => [
    ...route.spec.parentRefs
      .filter((ref) => !ofKind(manifests, 'Gateway').some((g) => g.metadata.name === ref.name))
      .map((ref) => `${route.metadata.name}: no Gateway ${ref.name}`),
    ...route.spec.rules.flatMap((rule) =>
      (rule.backendRefs ?? []).flatMap((b) => servicePortProblem(manifests, b.name, b.port, route.metadata.name)),
    ),
  ]),
];

/**
 * Every image says where it comes from: one skaffold builds carries a local tag and
 * `imagePullPolicy: Never` (skaffold replaces it with the tag it built; without skaffold the
 * cluster runs the image you built, never a registry's image of that name); any other is pinned
 * to a tag other than latest.
 */
export const imageProblems = (manifests: Manifest[], skaffold: SkaffoldConfig): string[] => {
  const built = new Set(skaffold.build.artifacts.map((a) => a.image));
  return ofKind<Deployment>(manifests, 'Deployment').flatMap((d) =>
    d.spec.template.spec.containers.flatMap((c) => {
      const tag = c.image === imageName(c.image) ? undefined : c.image.slice(imageName(c.image).length + 1);
      if (built.has(imageName(c.image)))
        return tag && c.imagePullPolicy === 'Never'
          ? []
          : [`${d.metadata.name}: image ${c.image} (built by skaffold) needs a local tag and imagePullPolicy Never`];
      return tag && tag !== 'latest'
        ? []
        : [`${d.metadata.name}: image ${c.image} is neither built by skaffold nor pinned`];
    }),
  );
};

/** The Deployment running the image skaffold builds from `<dir>/Dockerfile`, with that dir. */
export const builtDeployments = (
  manifests: Manifest[],
  skaffold: SkaffoldConfig,
): { deployment: Deployment; dir: string }[] =>
  skaffold.build.artifacts.flatMap((artifact) =>
    ofKind<Deployment>(manifests, 'Deployment')
      .filter((d) => d.spec.template.spec.containers.some((c) => imageName(c.image) === artifact.image))
      .map((deployment) => ({ deployment, dir: artifactDir(artifact) })),
  );

const sourceFiles = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.tsx?$/.test(f) && !/(^|\/)(__test__|test)\//.test(f))
        .map((f) => path.join(dir, f))
    : [];

/** Names passed to `requireEnv([...])` anywhere in a service's (non-test) sources. */
export const requiredEnv = (serviceDir: string): string[] =>
  sourceFiles(path.join(serviceDir, 'src')).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/requireEnv\(\s*\[([^\]]*)\]/g)].flatMap((m) =>
      [...m[1].matchAll(/['"`]([A-Z0-9_]+)['"`]/g)].map((n) => n[1]),
    ),
  );

/**
 * Every variable a service requires at start-up is set in its Deployment; every URL-valued
 * variable names an existing Service and port; the event transport matches the broker: on NATS
 * Streaming (the default) NATS_CLUSTER_ID is the broker's -cid, with EVENT_TRANSPORT=jetstream a
 * broker runs JetStream (-js).
 */
export const envProblems = (manifests: Manifest[], skaffold: SkaffoldConfig, root: string = repoRoot): string[] =>
  builtDeployments(manifests, skaffold).flatMap(({ deployment, dir }) => {
    const container = deployment.spec.template.spec.containers[0];
    const env = container.env ?? [];
    const required = requiredEnv(path.join(root, dir));
    const problems = required
      .filter((name) => !env.some((e) => e.name === name))
      .map((name) => `${deployment.metadata.name}: ${dir} requires ${name}, which is not set`);
    for (const e of env) {
      const url = /^([a-z]+):\/\/([a-z0-9-]+):(\d+)/.exec(e.value ?? '');
      if (!url) continue;
      const where = `${deployment.metadata.name} ${e.name}`;
      problems.push(...servicePortProblem(manifests, url[2], Number(url[3]), where));
      // The scheme the client library expects of the server behind the Service (the course mixed http:// in).
      const service = ofKind<Service>(manifests, 'Service').find((sv) => sv.metadata.name === url[2]);
      const image = service && selectedDeployments(manifests, service)[0]?.spec.template.spec.containers[0].image;
      const scheme = image && { mongo: 'mongodb', 'nats-streaming': 'nats', nats: 'nats' }[imageName(image)];
      if (scheme && url[1] !== scheme) problems.push(`${where}: ${url[1]}:// for ${url[2]}, not ${scheme}://`);
    }
    const brokerArgs = (flag: string) =>
      ofKind<Deployment>(manifests, 'Deployment')
        .flatMap((d) => d.spec.template.spec.containers)
        .find((c) => c.args?.includes(flag))?.args;
    const clusterId = env.find((e) => e.name === 'NATS_CLUSTER_ID')?.value;
    if (env.find((e) => e.name === 'EVENT_TRANSPORT')?.value === 'jetstream') {
      if (!brokerArgs('-js'))
        problems.push(`${deployment.metadata.name}: EVENT_TRANSPORT=jetstream, but no broker runs JetStream (-js)`);
    } else if (clusterId !== undefined) {
      const args = brokerArgs('-cid') ?? [];
      if (args[args.indexOf('-cid') + 1] !== clusterId)
        problems.push(`${deployment.metadata.name}: NATS_CLUSTER_ID ${clusterId} is not the broker's -cid`);
    }
    return problems;
  });

/** Secrets the manifests read, as `name/key`. */
export const referencedSecrets = (manifests: Manifest[]): string[] => [
  ...new Set(
    ofKind<Deployment>(manifests, 'Deployment').flatMap((d) =>
      d.spec.template.spec.containers.flatMap((c) =>
        (c.env ?? []).flatMap((e) =>
          e.valueFrom?.secretKeyRef ? [`${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`] : [],
        ),
      ),
    ),
  ),
];

/**
 * Paths each probe must hit: an Express service's health router prefix (read from its sources),
 * or for a Next.js app, a page or a file of public/ that exists.
 */
export const probeProblems = (manifests: Manifest[], skaffold: SkaffoldConfig, root: string = repoRoot): string[] =>
  builtDeployments(manifests, skaffold).flatMap(({ deployment, dir }) => {
    const c = deployment.spec.template.spec.containers[0];
    const where = `${deployment.metadata.name}`;
    const problems: string[] = [];
    for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
      const probe = c[kind];
      const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
      if (port !== undefined && !containerPort(c, port)) problems.push(`${where} ${kind}: no container port ${port}`);
    }
    const nextPages = path.join(root, dir, 'pages');
    // The health routes' prefix: `healthRouter('/api/x', ...)` or `createApp({ healthPrefix: '/api/x' })`.
    const prefixes = sourceFiles(path.join(root, dir, 'src')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/(?:healthRouter\(\s*|healthPrefix\s*:\s*)['"`]([^'"`]+)['"`]/g)].map(
        (m) => m[1],
      ),
    );
    if (fs.existsSync(path.join(root, dir, 'src'))) {
      if (prefixes.length !== 1)
        return [...problems, `${where}: ${dir}/src mounts ${prefixes.length} health routers, not 1`];
      const prefix = prefixes[0];
      const expected = {
        readinessProbe: `${prefix}/readyz`,
        livenessProbe: `${prefix}/healthz`,
        startupProbe: `${prefix}/healthz`,
      };
      for (const [kind, p] of Object.entries(expected)) {
        const actual = c[kind as keyof typeof expected]?.httpGet?.path;
        if (actual !== p) problems.push(`${where} ${kind}: path ${actual} is not ${p}`);
      }
    } else if (fs.existsSync(nextPages)) {
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
        const p = c[kind]?.httpGet?.path;
        if (p === undefined) continue;
        const page = p === '/' ? 'index' : p.replace(/^\//, '');
        const isPage = ['.tsx', '.ts', '.jsx', '.js'].some((ext) => fs.existsSync(path.join(nextPages, page + ext)));
        const isPublicFile = fs.existsSync(path.join(root, dir, 'public', p));
        if (!isPage && !isPublicFile) problems.push(`${where} ${kind}: neither a page nor a public file answers ${p}`);
      }
      if (!c.readinessProbe?.httpGet) problems.push(`${where}: readinessProbe does not make an HTTP request`);
    } else {
      problems.push(`${where}: ${dir} has neither src/ nor pages/, so its probe paths cannot be checked`);
    }
    return problems;
  });

/** Probes, resources and a restrictive security context on every pod. */
export const hardeningProblems = (manifests: Manifest[], skaffold: SkaffoldConfig): string[] => {
  const synced = new Set(skaffold.build.artifacts.filter((a) => a.sync).map((a) => a.image));
  return ofKind<Deployment>(manifests, 'Deployment').flatMap((d) => {
    const pod = d.spec.template.spec;
    const where = d.metadata.name;
    const problems: string[] = [];
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    // The kubelet can only verify runAsNonRoot against a numeric uid, not an image's `USER node`.
    if (typeof pod.securityContext?.runAsUser !== 'number' || pod.securityContext.runAsUser === 0)
      problems.push(`${where}: no non-zero runAsUser`);
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
      problems.push(`${where}: seccompProfile is not RuntimeDefault`);
    for (const c of pod.containers) {
      if (!c.readinessProbe) problems.push(`${where}/${c.name}: no readinessProbe`);
      if (!c.livenessProbe) problems.push(`${where}/${c.name}: no livenessProbe`);
      for (const r of ['cpu', 'memory']) {
        if (!c.resources?.requests?.[r]) problems.push(`${where}/${c.name}: no ${r} request`);
        if (!c.resources?.limits?.[r]) problems.push(`${where}/${c.name}: no ${r} limit`);
      }
      const sc = c.securityContext;
      if (sc?.allowPrivilegeEscalation !== false)
        problems.push(`${where}/${c.name}: allowPrivilegeEscalation is not false`);
      if (!sc?.capabilities?.drop?.includes('ALL')) problems.push(`${where}/${c.name}: capabilities do not drop ALL`);
      // Images skaffold syncs sources into need a writable root; everything else gets a read-only one.
      if (!synced.has(imageName(c.image)) && sc?.readOnlyRootFilesystem !== true)
        problems.push(`${where}/${c.name}: root filesystem is writable`);
    }
    return problems;
  });
};

/**
 * skaffold.yaml: a v4beta schema, local builds without push, artifacts whose Dockerfile and target
 * exist, sync rules that match files of the build context and land where the dev stage copied them,
 * manifest globs that pick up every file of infra/k8s, and profiles whose kustomizations exist.
 */
export const skaffoldProblems = (
  skaffold: SkaffoldConfig,
  manifests: Manifest[],
  root: string = repoRoot,
): string[] => {
  const problems: string[] = [];
  if (!/^skaffold\/v4beta\d+$/.test(skaffold.apiVersion))
    problems.push(`apiVersion ${skaffold.apiVersion} is not a current v4beta schema`);
  if (skaffold.build.local?.push !== false) problems.push('build.local.push is not false');
  if (!skaffold.deploy?.kubectl) problems.push('deploy.kubectl is not set');
  const context = buildContextFiles(root);
  for (const a of skaffold.build.artifacts) {
    if (a.context !== '.') problems.push(`${a.image}: context is not the repository root`);
    const dockerfile = path.join(root, a.docker?.dockerfile ?? 'Dockerfile');
    if (!fs.existsSync(dockerfile)) {
      problems.push(`${a.image}: no ${a.docker?.dockerfile}`);
      continue;
    }
    const stages = readDockerfile(dockerfile);
    let stage;
    try {
      stage = targetStage(stages, a.docker?.target);
    } catch {
      problems.push(`${a.image}: ${a.docker?.dockerfile} has no stage ${a.docker?.target}`);
      continue;
    }
    const workdir = stageConfig(stages, stage).workdir;
    // Where the dev image holds each context directory: `COPY auth/ auth/` puts auth/** at <workdir>/auth/**.
    const copied = stages
      .filter((s) => s === stage || stages.indexOf(s) < stages.indexOf(stage))
      .flatMap((s) => s.instructions.filter((i) => i.keyword === 'COPY' && !i.flags.from).map((i) => copyArgs(i.rest)));
    for (const rule of a.sync?.manual ?? []) {
      const matcher = globToRegExp(rule.src);
      const matched = context.filter((f) => matcher.test(f));
      if (matched.length === 0) problems.push(`${a.image}: sync ${rule.src} matches no file of the build context`);
      const dest = path.posix.resolve(workdir, rule.dest);
      for (const file of matched) {
        const inImage = path.posix.join(dest, rule.strip ? file.slice(rule.strip.length) : file);
        const landsWhereCopied = copied.some(({ sources, dest: to }) =>
          sources.some((src) => {
            const from = src.replace(/\/$/, '');
            return (
              file.startsWith(`${from}/`) &&
              path.posix.join(path.posix.resolve(workdir, to), file.slice(from.length + 1)) === inImage
            );
          }),
        );
        if (!landsWhereCopied)
          problems.push(`${a.image}: sync ${rule.src} writes ${file} to ${inImage}, where the image has no copy of it`);
      }
    }
  }
  const deployed = new Set(
    manifests
      .map((m) => m.source)
      .filter((src) =>
        (skaffold.manifests?.rawYaml ?? []).some((g) => globToRegExp(path.posix.normalize(g)).test(src)),
      ),
  );
  for (const f of new Set(manifests.map((m) => m.source).filter((s) => s.startsWith('infra/k8s/'))))
    if (!deployed.has(f)) problems.push(`manifests.rawYaml misses ${f}`);
  for (const p of skaffold.profiles ?? [])
    for (const dir of p.manifests?.kustomize?.paths ?? [])
      if (!fs.existsSync(path.join(root, dir, 'kustomization.yaml')))
        problems.push(`profile ${p.name}: ${dir} has no kustomization.yaml`);
  return problems;
};

/**
 * Each artifact's Dockerfile: base images pinned to a tag, COPY sources present in the build
 * context (after .dockerignore), and a default (production) stage that runs as a non-root user,
 * has a CMD, and exposes the port its Deployment's probes and Service use.
 */
export const dockerfileProblems = (
  manifests: Manifest[],
  skaffold: SkaffoldConfig,
  root: string = repoRoot,
): string[] => {
  const context = buildContextFiles(root);
  return builtDeployments(manifests, skaffold).flatMap(({ deployment, dir }) => {
    const file = path.join(dir, 'Dockerfile');
    const stages = readDockerfile(path.join(root, file));
    const names = new Set(stages.map((s) => s.name));
    const problems: string[] = [];
    for (const s of stages) {
      if (names.has(s.from)) continue;
      const tag = s.from.slice(imageName(s.from).length + 1);
      if (s.from === imageName(s.from) || tag === 'latest')
        problems.push(`${file}: base image ${s.from} is not pinned`);
    }
    for (const s of stages) {
      for (const i of s.instructions.filter((x) => x.keyword === 'COPY' && !x.flags.from)) {
        for (const src of copyArgs(i.rest).sources) {
          const clean = src.replace(/^\.\//, '').replace(/\/$/, '');
          if (!context.some((f) => f === clean || f.startsWith(`${clean}/`)))
            problems.push(`${file}:${i.line}: COPY ${src} copies nothing from the build context`);
        }
      }
    }
    // Workspaces named by `-w x` or `workspaces=[...]`: the artifact's own and those it depends on,
    // at run time or (like the client on common's rules, bundled into its build) at build time;
    // never a dev-only workspace under dev/.
    const rootPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    const packageName = (ws: string): string =>
      (JSON.parse(fs.readFileSync(path.join(root, ws, 'package.json'), 'utf8')) as { name: string }).name;
    // Build stages install dev dependencies too: the client bundles common's rules at build time.
    const own = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as {
      dependencies?: object;
      devDependencies?: object;
    };
    const ownDeps = Object.keys({ ...own.dependencies, ...own.devDependencies });
    // dev/ holds the dev-only workspaces (test servers, the local runner), never part of an image.
    const allowed = new Set([
      dir,
      ...rootPackage.workspaces.filter((ws) => !ws.startsWith('dev/') && ownDeps.includes(packageName(ws))),
    ]);
    for (const s of stages) {
      for (const i of s.instructions.filter((x) => x.keyword === 'RUN' || x.keyword === 'CMD')) {
        const named = [
          ...[...i.rest.matchAll(/(?:-w|--workspace)[\s",=]+([\w@/.-]+)/g)].map((m) => m[1]),
          ...[...i.rest.matchAll(/workspaces=\[([^\]]*)\]/g)].flatMap((m) =>
            [...m[1].matchAll(/"([^"]+)"/g)].map((n) => n[1]),
          ),
        ];
        for (const ws of named)
          if (!allowed.has(ws))
            problems.push(`${file}:${i.line}: names workspace ${ws}, not ${[...allowed].join(' or ')}`);
      }
    }
    const production = stageConfig(stages, targetStage(stages));
    if (!production.user || production.user === 'root' || production.user === '0')
      problems.push(`${file}: the default stage runs as root`);
    if (!production.cmd) problems.push(`${file}: the default stage has no CMD`);
    for (const port of deployment.spec.template.spec.containers[0].ports ?? []) {
      if (!production.exposed.includes(port.containerPort))
        problems.push(`${file}: does not EXPOSE ${port.containerPort}`);
    }
    return problems;
  });
};

/**
 * The client's server-side requests go through the router the set deploys: the ingress-nginx
 * controller's Service with the Ingress, the Service the implementation makes for the Gateway
 * (`<gateway>-<gatewayClassName>`, NGINX Gateway Fabric's naming) with the Gateway API.
 */
export const apiUrlProblems = (manifests: Manifest[]): string[] => {
  const client = ofKind<Deployment>(manifests, 'Deployment').find((d) => d.metadata.name === 'client-depl');
  const apiUrl = client?.spec.template.spec.containers[0].env?.find((e) => e.name === 'API_URL')?.value;
  const gateways = ofKind<Manifest & { spec: { gatewayClassName: string } }>(manifests, 'Gateway');
  const expected =
    gateways.length > 0
      ? `http://${gateways[0].metadata.name}-${gateways[0].spec.gatewayClassName}`
      : 'http://ingress-nginx-controller.ingress-nginx.svc.cluster.local';
  return apiUrl === expected ? [] : [`client-depl: API_URL ${apiUrl} is not the router's Service ${expected}`];
};

/**
 * A stopping auth or tickets pod drains (DRAIN_SECONDS), waits for answers in flight (at most
 * the server's request timeout), then closes its relay, broker and database (`closeBudgetMs`):
 * all of it must end before the grace period, or the kubelet's SIGKILL cuts it short.
 */
export const gracePeriodProblems = (
  manifests: Manifest[],
  skaffold: SkaffoldConfig,
  requestTimeoutMs: number,
  closeBudgetMs = 5_000,
): string[] =>
  builtDeployments(manifests, skaffold).flatMap(({ deployment }) => {
    const drain = deployment.spec.template.spec.containers[0].env?.find((e) => e.name === 'DRAIN_SECONDS');
    if (!drain) return [];
    const graceMs = (deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const needed = Number(drain.value) * 1000 + requestTimeoutMs + closeBudgetMs;
    return Number.isFinite(needed) && needed <= graceMs
      ? []
      : [
          `${deployment.metadata.name}: draining, finishing and closing take up to ${needed} ms, over the ${graceMs} ms grace period`,
        ];
  });

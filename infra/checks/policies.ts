import { Container, Deployment, HTTPRoute, Ingress, Manifest, ofKind, Service } from './manifests';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: object;
}

export interface NetworkPolicy extends Manifest {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: PolicyPeer[]; ports?: { port?: number | string; protocol?: string }[] }[];
  };
}

/** A pod that may open a connection: where it runs and its labels. */
export interface Peer {
  name: string;
  namespace: string;
  namespaceLabels: Record<string, string>;
  labels: Record<string, string>;
}

const ownNamespace = 'default';
const inNamespace = (name: string, labels: Record<string, string>): Peer => ({
  name,
  namespace: ownNamespace,
  namespaceLabels: { 'kubernetes.io/metadata.name': ownNamespace },
  labels,
});

/** ingress-nginx's controller, in its own namespace, as its deploy guide installs it. */
export const ingressController: Peer = {
  name: 'ingress-nginx controller',
  namespace: 'ingress-nginx',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
  labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
};

/** The pods a Gateway API implementation runs for a Gateway (NGINX Gateway Fabric: the Gateway's namespace). */
export const gatewayPods = (gateway: string): Peer =>
  inNamespace(`gateway ${gateway}`, { 'gateway.networking.k8s.io/gateway-name': gateway });

export const matches = (selector: LabelSelector, labels: Record<string, string>): boolean =>
  Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    throw new Error(`unknown selector operator ${operator}`);
  });

const peerMatches = (rule: PolicyPeer, peer: Peer): boolean => {
  if (rule.ipBlock) return false; // pod traffic is matched by selectors, not by address blocks
  if (rule.namespaceSelector)
    return matches(rule.namespaceSelector, peer.namespaceLabels) && matches(rule.podSelector ?? {}, peer.labels);
  return peer.namespace === ownNamespace && matches(rule.podSelector ?? {}, peer.labels);
};

const portMatches = (c: Container, containerPort: number, port: number | string | undefined): boolean =>
  port === undefined ||
  port === containerPort ||
  (c.ports ?? []).some((p) => p.name === port && p.containerPort === containerPort);

/** Whether the policies let `peer` open a TCP connection to `containerPort` of `target`'s pods. */
export const allows = (manifests: Manifest[], peer: Peer, target: Deployment, containerPort: number): boolean => {
  const labels = target.spec.template.metadata.labels;
  const container = target.spec.template.spec.containers[0];
  const selecting = ofKind<NetworkPolicy>(manifests, 'NetworkPolicy').filter(
    (p) => (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && matches(p.spec.podSelector, labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    (p.spec.ingress ?? []).some(
      (rule) =>
        (rule.from === undefined || rule.from.length === 0 || rule.from.some((r) => peerMatches(r, peer))) &&
        (rule.ports === undefined ||
          rule.ports.length === 0 ||
          rule.ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && portMatches(container, containerPort, p.port))),
    ),
  );
};

/**
 * Every pod that could connect: each Deployment's, another pod of the namespace, the ingress
 * controller, the Gateway's pods, a pod of another namespace.
 */
const possiblePeers = (manifests: Manifest[]): Peer[] => [
  ...ofKind<Deployment>(manifests, 'Deployment').map((d) =>
    inNamespace(d.metadata.name, d.spec.template.metadata.labels),
  ),
  inNamespace('another pod', {}),
  ingressController,
  ...ofKind(manifests, 'Gateway').map((g) => gatewayPods(g.metadata.name)),
  {
    name: 'a pod of another namespace',
    namespace: 'elsewhere',
    namespaceLabels: { 'kubernetes.io/metadata.name': 'elsewhere' },
    labels: {},
  },
];

const key = (peer: Peer, target: Deployment, port: number): string => `${peer.name} -> ${target.metadata.name}:${port}`;

/**
 * The connections the app makes: each service to the Services its environment names (its
 * database, the broker), the router the set deploys (the Ingress's controller or the Gateway's
 * pods) to each backend, and anything in the namespace to a port named `monitoring`.
 */
export const neededConnections = (manifests: Manifest[]): Set<string> => {
  const deployments = ofKind<Deployment>(manifests, 'Deployment');
  const services = ofKind<Service>(manifests, 'Service');
  const podOf = (d: Deployment): Peer => inNamespace(d.metadata.name, d.spec.template.metadata.labels);
  const targetOf = (serviceName: string, port: number): [Deployment, number] | undefined => {
    const service = services.find((s) => s.metadata.name === serviceName);
    const sp = service?.spec.ports.find((p) => p.port === port);
    const target = deployments.find((d) =>
      Object.entries(service?.spec.selector ?? {}).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
    );
    if (!sp || !target) return undefined;
    const wanted = sp.targetPort ?? sp.port;
    const cp = target.spec.template.spec.containers[0].ports?.find(
      (p) => p.containerPort === wanted || p.name === wanted,
    );
    return cp && [target, cp.containerPort];
  };
  const needed = new Set<string>();
  for (const d of deployments)
    for (const e of d.spec.template.spec.containers[0].env ?? []) {
      const url = /^[a-z]+:\/\/([a-z0-9-]+):(\d+)/.exec(e.value ?? '');
      const to = url && targetOf(url[1], Number(url[2]));
      if (to) needed.add(key(podOf(d), ...to));
    }
  for (const ingress of ofKind<Ingress>(manifests, 'Ingress'))
    for (const p of ingress.spec.rules.flatMap((r) => r.http.paths)) {
      const to = targetOf(p.backend.service.name, p.backend.service.port.number ?? 0);
      if (to) needed.add(key(ingressController, ...to));
    }
  for (const route of ofKind<HTTPRoute>(manifests, 'HTTPRoute'))
    for (const ref of route.spec.parentRefs)
      for (const b of route.spec.rules.flatMap((r) => r.backendRefs ?? [])) {
        const to = targetOf(b.name, b.port ?? 0);
        if (to) needed.add(key(gatewayPods(ref.name), ...to));
      }
  for (const d of deployments)
    for (const p of d.spec.template.spec.containers[0].ports ?? [])
      if (p.name === 'monitoring')
        for (const from of possiblePeers(manifests).filter((peer) => peer.namespace === ownNamespace))
          needed.add(key(from, d, p.containerPort));
  return needed;
};

/**
 * Compares what the policies allow with what the app needs, over every pod that could connect and
 * every container port: a needed connection that is blocked, and an allowed one nothing needs,
 * are both problems.
 */
export const policyProblems = (manifests: Manifest[]): string[] => {
  const deployments = ofKind<Deployment>(manifests, 'Deployment');
  const peers = possiblePeers(manifests);
  const needed = neededConnections(manifests);
  const problems: string[] = [];
  for (const target of deployments)
    for (const { containerPort } of target.spec.template.spec.containers[0].ports ?? [])
      for (const peer of peers) {
        const k = key(peer, target, containerPort);
        const allowed = allows(manifests, peer, target, containerPort);
        if (needed.has(k) && !allowed) problems.push(`blocks ${k}, which the app needs`);
        if (!needed.has(k) && allowed) problems.push(`allows ${k}, which nothing needs`);
      }
  return problems;
};

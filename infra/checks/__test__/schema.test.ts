import { loadManifests, Manifest } from '../manifests';
import { schemaProblems, unknownFieldProblems } from '../schema';

const manifests = loadManifests();

it('reads every manifest of infra/k8s and infra/gateway', () => {
  const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
  expect(names).toEqual(
    expect.arrayContaining([
      'Deployment/auth-depl',
      'Service/auth-srv',
      'Deployment/auth-mongo-depl',
      'Service/auth-mongo-srv',
      'Deployment/tickets-depl',
      'Service/tickets-srv',
      'Deployment/tickets-mongo-depl',
      'Service/tickets-mongo-srv',
      'Deployment/client-depl',
      'Service/client-srv',
      'Deployment/nats-depl',
      'Service/nats-srv',
      'Ingress/ingress-srv',
      'Gateway/ticketing-gateway',
      'HTTPRoute/auth-route',
      'HTTPRoute/tickets-route',
      'HTTPRoute/client-route',
    ]),
  );
});

it('validates every manifest against its Kubernetes / Gateway API schema', () => {
  expect(manifests.flatMap(schemaProblems)).toEqual([]);
});

it('uses no field the schemas do not declare', () => {
  expect(unknownFieldProblems(manifests)).toEqual([]);
});

describe('the schema checks themselves', () => {
  const service = (ports: object[]): Manifest => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'x-srv' },
    spec: { selector: { app: 'x' }, ports },
    source: 'test.yaml',
  });

  it('reject a wrongly typed field', () => {
    expect(schemaProblems(service([{ port: 'three thousand' }]))).toEqual([expect.stringContaining('port')]);
  });

  it('reject an unknown kind', () => {
    expect(schemaProblems({ ...service([]), kind: 'Servise' })).toEqual([expect.stringContaining('no schema')]);
  });

  it('reject a misspelt field (the course manifest had `targetProt`)', () => {
    expect(unknownFieldProblems([service([{ port: 8222, targetProt: 8222 }])])).toEqual([
      'test.yaml Service/x-srv.spec.ports[0].targetProt: unknown field',
    ]);
  });

  it('reject a misspelt Gateway API field', () => {
    const route: Manifest = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r' },
      spec: { parentRefs: [{ name: 'g' }], rules: [{ backendRef: [{ name: 'x-srv', port: 3000 }] }] },
      source: 'test.yaml',
    };
    expect(unknownFieldProblems([route])).toEqual(['test.yaml HTTPRoute/r.spec.rules[0].backendRef: unknown field']);
  });
});

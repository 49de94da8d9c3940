/**
 * The IstioOperator overlays in overlays/*.yaml are checked against Istio's own upstream protobuf
 * definitions (vendored verbatim in __tests__/schemas/istio, see PROVENANCE.md there), so a typo
 * in any field name or enum value fails here instead of at `asmcli`/`istioctl install` time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadIstioOperatorSchema, validateIstioOperatorOverlay } from '../../support/istio-operator';

type Node = Record<string, unknown>;

const OVERLAY_DIR = path.join(__dirname, '..', '..', '..', 'overlays');
const overlayFiles = fs
  .readdirSync(OVERLAY_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

function loadOverlay(file: string): Node {
  const document: unknown = parse(fs.readFileSync(path.join(OVERLAY_DIR, file), 'utf8'));
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error(`${file} is not a YAML mapping`);
  }
  return document as Node;
}

/** A deep copy of an overlay, so mutations never leak between tests. */
function copyOf(file: string): Node {
  return JSON.parse(JSON.stringify(loadOverlay(file))) as Node;
}

/** Walks to a nested mapping, e.g. at(doc, 'spec', 'components', 'ingressGateways', 0, 'k8s'). */
function at(document: Node, ...keys: Array<string | number>): Node {
  let current: unknown = document;
  for (const key of keys) {
    current = (current as Record<string | number, unknown>)[key];
    if (typeof current !== 'object' || current === null) {
      throw new Error(`no mapping at ${keys.join('.')}`);
    }
  }
  return current as Node;
}

/** Renames a key in place, keeping its value and position. */
function renameKey(node: Node, from: string, to: string): void {
  if (!(from in node)) throw new Error(`key ${from} not present`);
  const entries = Object.entries(node).map(([key, value]): [string, unknown] => [key === from ? to : key, value]);
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, Object.fromEntries(entries));
}

/** The problems must be exactly one, at exactly this path. */
function expectSingleProblemAt(problems: string[], problemPath: string, message: string): void {
  expect(problems).toHaveLength(1);
  expect(problems[0].startsWith(`${problemPath}: ${message}`)).toBe(true);
}

describe('vendored upstream Istio schema', () => {
  it('loads IstioOperatorSpec, the Helm Values and MeshConfig from the vendored protos', () => {
    const schema = loadIstioOperatorSchema();
    expect(schema.files).toEqual(
      expect.arrayContaining([
        'istio/operator/pkg/apis/istio/v1alpha1/operator.proto',
        'istio/operator/pkg/apis/values_types.proto',
        'api/mesh/v1alpha1/config.proto',
      ]),
    );
    // Types from these imports are not vendored and are accepted as opaque values.
    expect(schema.skippedImports).toEqual([
      'k8s.io/api/core/v1/generated.proto',
      'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
      'mesh/v1alpha1/proxy.proto',
      'networking/v1alpha3/destination_rule.proto',
      'networking/v1alpha3/virtual_service.proto',
    ]);
  });
});

describe('overlays/*.yaml', () => {
  it('has overlays to check', () => {
    expect(overlayFiles).toEqual(
      expect.arrayContaining([
        'access-logging.yaml',
        'egress-registry-only.yaml',
        'internal-load-balancer.yaml',
        'multicluster-identity.yaml',
      ]),
    );
  });

  it.each(overlayFiles)('%s is a valid IstioOperator overlay per the upstream protos', (file) => {
    expect(validateIstioOperatorOverlay(loadOverlay(file))).toEqual([]);
  });

  it('egress overlay restricts outbound traffic to the service registry', () => {
    expect(loadOverlay('egress-registry-only.yaml')).toMatchObject({
      spec: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
    });
  });

  it('access-logging overlay logs to stdout', () => {
    expect(loadOverlay('access-logging.yaml')).toMatchObject({
      spec: { meshConfig: { accessLogFile: '/dev/stdout' } },
    });
  });

  it('identity overlay leaves mesh ID, cluster name and network as install-time placeholders', () => {
    expect(loadOverlay('multicluster-identity.yaml')).toMatchObject({
      spec: {
        values: {
          global: {
            meshID: '${MESH_ID}',
            multiCluster: { clusterName: '${CLUSTER_NAME}' },
            network: '${NETWORK}',
          },
        },
      },
    });
  });

  it('internal-load-balancer overlay annotates an ingress gateway Service as internal', () => {
    const gateways = at(loadOverlay('internal-load-balancer.yaml'), 'spec', 'components', 'ingressGateways');
    expect(gateways).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          k8s: expect.objectContaining({
            serviceAnnotations: expect.objectContaining({ 'networking.gke.io/load-balancer-type': 'Internal' }),
          }),
        }),
      ]),
    );
  });
});

describe('validateIstioOperatorOverlay rejects what upstream would reject', () => {
  it('a misspelt field in meshConfig (outboundTrafficPolicy.mdoe)', () => {
    const document = copyOf('egress-registry-only.yaml');
    renameKey(at(document, 'spec', 'meshConfig', 'outboundTrafficPolicy'), 'mode', 'mdoe');
    expect(validateIstioOperatorOverlay(document)).toEqual([
      'spec.meshConfig.outboundTrafficPolicy.mdoe: unknown field (MeshConfig.OutboundTrafficPolicy has: mode)',
    ]);
  });

  it('a wrongly cased spec field (spec.meshconfig)', () => {
    const document = copyOf('access-logging.yaml');
    renameKey(at(document, 'spec'), 'meshConfig', 'meshconfig');
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'spec.meshconfig', 'unknown field (IstioOperatorSpec has: ');
  });

  it('a wrongly cased Helm value (values.global.meshId)', () => {
    const document = copyOf('multicluster-identity.yaml');
    renameKey(at(document, 'spec', 'values', 'global'), 'meshID', 'meshId');
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'spec.values.global.meshId', 'unknown field (GlobalConfig has: ');
  });

  it('a misspelt nested Helm value (values.global.multiCluster.clustername)', () => {
    const document = copyOf('multicluster-identity.yaml');
    renameKey(at(document, 'spec', 'values', 'global', 'multiCluster'), 'clusterName', 'clustername');
    expectSingleProblemAt(
      validateIstioOperatorOverlay(document),
      'spec.values.global.multiCluster.clustername',
      'unknown field (MultiClusterConfig has: ',
    );
  });

  it('a misspelt gateway k8s field (ingressGateways[0].k8s.serviceAnnotation)', () => {
    const document = copyOf('internal-load-balancer.yaml');
    renameKey(at(document, 'spec', 'components', 'ingressGateways', 0, 'k8s'), 'serviceAnnotations', 'serviceAnnotation');
    expectSingleProblemAt(
      validateIstioOperatorOverlay(document),
      'spec.components.ingressGateways[0].k8s.serviceAnnotation',
      'unknown field (KubernetesResourcesSpec has: ',
    );
  });

  it('an unknown enum value (mode: REGISTRY_ONLYY)', () => {
    const document = copyOf('egress-registry-only.yaml');
    at(document, 'spec', 'meshConfig', 'outboundTrafficPolicy').mode = 'REGISTRY_ONLYY';
    expect(validateIstioOperatorOverlay(document)).toEqual([
      'spec.meshConfig.outboundTrafficPolicy.mode: invalid enum value "REGISTRY_ONLYY" (MeshConfig.OutboundTrafficPolicy.Mode is one of: REGISTRY_ONLY, ALLOW_ANY)',
    ]);
  });

  it('an unknown enum value elsewhere in meshConfig (accessLogEncoding: YAML)', () => {
    const document = copyOf('access-logging.yaml');
    at(document, 'spec', 'meshConfig').accessLogEncoding = 'YAML';
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'spec.meshConfig.accessLogEncoding', 'invalid enum value "YAML"');
  });

  it('a wrong kind', () => {
    const document = copyOf('access-logging.yaml');
    document.kind = 'IstioOperatorSpec';
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'kind', 'expected "IstioOperator"');
  });

  it('a wrong apiVersion', () => {
    const document = copyOf('access-logging.yaml');
    document.apiVersion = 'install.istio.io/v1alpha2';
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'apiVersion', 'expected "install.istio.io/v1alpha1"');
  });

  it('an unknown top-level field', () => {
    const document = copyOf('access-logging.yaml');
    renameKey(document, 'spec', 'specs');
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'specs', 'unknown top-level field');
  });

  it('a field that upstream removed (spec.defaultRevision is reserved)', () => {
    const document = copyOf('access-logging.yaml');
    at(document, 'spec').defaultRevision = true;
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'spec.defaultRevision', 'removed field (reserved in IstioOperatorSpec)');
  });

  it('a non-string annotation value (map<string, string>)', () => {
    const document = copyOf('internal-load-balancer.yaml');
    const annotations = at(document, 'spec', 'components', 'ingressGateways', 0, 'k8s', 'serviceAnnotations');
    annotations['networking.gke.io/internal-load-balancer-allow-global-access'] = true;
    expectSingleProblemAt(
      validateIstioOperatorOverlay(document),
      'spec.components.ingressGateways[0].k8s.serviceAnnotations["networking.gke.io/internal-load-balancer-allow-global-access"]',
      'expected string, got boolean true',
    );
  });

  it('a mapping where upstream has a repeated field (ingressGateways)', () => {
    const document = copyOf('internal-load-balancer.yaml');
    const components = at(document, 'spec', 'components');
    components.ingressGateways = (components.ingressGateways as unknown[])[0];
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'spec.components.ingressGateways', 'expected a list');
  });

  it('accepts the original proto field name as well as the JSON name', () => {
    const document = copyOf('access-logging.yaml');
    renameKey(at(document, 'spec', 'meshConfig'), 'accessLogFile', 'access_log_file');
    expect(validateIstioOperatorOverlay(document)).toEqual([]);
  });
});

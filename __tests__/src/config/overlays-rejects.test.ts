/**
 * validateIstioOperatorOverlay (__tests__/support/istio-operator.ts) rejects, naming the path:
 * misspelt and undescribed fields, misspelt component, annotation and env var names, wrong value
 * kinds and bad enum values in the spec; a wrong apiVersion, kind or metadata (through
 * @kubernetes-models/istio); and unknown top-level fields.
 */
import { validateIstioOperatorOverlay } from '../../support/istio-operator';
import { at, copyOf, expectSingleProblemAt, renameKey } from '../../support/overlay-documents';

const GATEWAY = ['spec', 'components', 'ingressGateways', 0] as const;
const ANNOTATIONS = [...GATEWAY, 'k8s', 'serviceAnnotations'] as const;
const LB_TYPE = 'networking.gke.io/load-balancer-type';
const GLOBAL_ACCESS = 'networking.gke.io/internal-load-balancer-allow-global-access';

const MESH_CONFIG_HAS = 'MeshConfig as described has: accessLogFile, accessLogEncoding, outboundTrafficPolicy, trustDomainAliases';
const GATEWAY_AT = 'spec.components.ingressGateways[0]';

describe('misspelt or undescribed fields', () => {
  // [case, overlay, path to the mapping holding the key, key, misspelling, the one problem expected]
  const MISSPELT: Array<[string, string, ReadonlyArray<string | number>, string, string, string]> = [
    [
      'meshConfig.accesLogFile',
      'access-logging.yaml',
      ['spec', 'meshConfig'],
      'accessLogFile',
      'accesLogFile',
      `spec.meshConfig.accesLogFile: unknown field (did you mean accessLogFile?); ${MESH_CONFIG_HAS}`,
    ],
    [
      'the protobuf name instead of the JSON name',
      'access-logging.yaml',
      ['spec', 'meshConfig'],
      'accessLogFile',
      'access_log_file',
      `spec.meshConfig.access_log_file: unknown field (did you mean accessLogFile?); ${MESH_CONFIG_HAS}`,
    ],
    [
      'meshConfig.outboundTrafficPolicy.mdoe',
      'egress-registry-only.yaml',
      ['spec', 'meshConfig', 'outboundTrafficPolicy'],
      'mode',
      'mdoe',
      'spec.meshConfig.outboundTrafficPolicy.mdoe: unknown field (did you mean mode?); MeshConfig.OutboundTrafficPolicy as described has: mode',
    ],
    [
      'a wrongly cased spec field',
      'access-logging.yaml',
      ['spec'],
      'meshConfig',
      'meshconfig',
      'spec.meshconfig: unknown field (did you mean meshConfig?); IstioOperatorSpec as described has: meshConfig, components, values',
    ],
    [
      'a wrongly cased Helm value',
      'multicluster-identity.yaml',
      ['spec', 'values', 'global'],
      'meshID',
      'meshId',
      'spec.values.global.meshId: unknown field (did you mean meshID?); GlobalConfig as described has: meshID, network, multiCluster',
    ],
    [
      'a misspelt nested Helm value',
      'multicluster-identity.yaml',
      ['spec', 'values', 'global', 'multiCluster'],
      'clusterName',
      'clustername',
      'spec.values.global.multiCluster.clustername: unknown field (did you mean clusterName?); MultiClusterConfig as described has: clusterName',
    ],
    [
      'a misspelt component name',
      'internal-load-balancer.yaml',
      ['spec', 'components'],
      'ingressGateways',
      'ingressGateway',
      'spec.components.ingressGateway: unknown field (did you mean ingressGateways?); IstioComponentSpec as described has: ingressGateways',
    ],
    [
      'a misspelt gateway k8s field',
      'internal-load-balancer.yaml',
      [...GATEWAY, 'k8s'],
      'serviceAnnotations',
      'serviceAnnotation',
      `${GATEWAY_AT}.k8s.serviceAnnotation: unknown field (did you mean serviceAnnotations?); KubernetesResources as described has: serviceAnnotations`,
    ],
    [
      'a misspelt annotation name',
      'internal-load-balancer.yaml',
      ANNOTATIONS,
      LB_TYPE,
      'networking.gke.io/load-balancer-typ',
      `${GATEWAY_AT}.k8s.serviceAnnotations["networking.gke.io/load-balancer-typ"]: unknown field (did you mean ${LB_TYPE}?); GatewayServiceAnnotations as described has: ${LB_TYPE}, ${GLOBAL_ACCESS}`,
    ],
    [
      'a misspelt istiod env var',
      'native-sidecars.yaml',
      ['spec', 'values', 'pilot', 'env'],
      'ENABLE_NATIVE_SIDECARS',
      'ENABLE_NATIVE_SIDECAR',
      'spec.values.pilot.env.ENABLE_NATIVE_SIDECAR: unknown field (did you mean ENABLE_NATIVE_SIDECARS?); PilotConfig.env as described has: ENABLE_NATIVE_SIDECARS',
    ],
  ];

  it.each(MISSPELT)('%s', (_case, file, parentKeys, key, misspelt, problem) => {
    const document = copyOf(file);
    renameKey(at(document, ...parentKeys), key, misspelt);
    expect(validateIstioOperatorOverlay(document)).toEqual([problem]);
  });

  it('a real upstream field that is not described yet (meshConfig.enableTracing)', () => {
    const document = copyOf('access-logging.yaml');
    at(document, 'spec', 'meshConfig').enableTracing = true;
    expect(validateIstioOperatorOverlay(document)).toEqual([`spec.meshConfig.enableTracing: unknown field; ${MESH_CONFIG_HAS}`]);
  });

  it('reports every problem, not only the first', () => {
    const document = copyOf('access-logging.yaml');
    renameKey(at(document, 'spec', 'meshConfig'), 'accessLogFile', 'accesLogFile');
    at(document, 'spec', 'meshConfig').accessLogEncoding = 'YAML';
    expect(validateIstioOperatorOverlay(document)).toEqual([
      expect.stringMatching(/^spec\.meshConfig\.accesLogFile: unknown field/),
      expect.stringMatching(/^spec\.meshConfig\.accessLogEncoding: invalid enum value "YAML"/),
    ]);
  });
});

describe('bad enum values', () => {
  it('outboundTrafficPolicy.mode: REGISTRY_ONLYY', () => {
    const document = copyOf('egress-registry-only.yaml');
    at(document, 'spec', 'meshConfig', 'outboundTrafficPolicy').mode = 'REGISTRY_ONLYY';
    expect(validateIstioOperatorOverlay(document)).toEqual([
      'spec.meshConfig.outboundTrafficPolicy.mode: invalid enum value "REGISTRY_ONLYY" (MeshConfig.OutboundTrafficPolicy.Mode is one of: REGISTRY_ONLY, ALLOW_ANY)',
    ]);
  });

  it('accessLogEncoding: YAML', () => {
    const document = copyOf('access-logging.yaml');
    at(document, 'spec', 'meshConfig').accessLogEncoding = 'YAML';
    expectSingleProblemAt(
      validateIstioOperatorOverlay(document),
      'spec.meshConfig.accessLogEncoding',
      'invalid enum value "YAML" (MeshConfig.AccessLogEncoding is one of: TEXT, JSON)',
    );
  });

  it('a load balancer type GKE does not read as internal', () => {
    const document = copyOf('internal-load-balancer.yaml');
    at(document, ...ANNOTATIONS)[LB_TYPE] = 'internal';
    expectSingleProblemAt(
      validateIstioOperatorOverlay(document),
      `spec.components.ingressGateways[0].k8s.serviceAnnotations["${LB_TYPE}"]`,
      'invalid enum value "internal"',
    );
  });

  it('ENABLE_NATIVE_SIDECARS: "yes"', () => {
    const document = copyOf('native-sidecars.yaml');
    at(document, 'spec', 'values', 'pilot', 'env').ENABLE_NATIVE_SIDECARS = 'yes';
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'spec.values.pilot.env.ENABLE_NATIVE_SIDECARS', 'invalid enum value "yes"');
  });
});

describe('wrong value kinds', () => {
  it('a number for a string (accessLogFile: 42)', () => {
    const document = copyOf('access-logging.yaml');
    at(document, 'spec', 'meshConfig').accessLogFile = 42;
    expect(validateIstioOperatorOverlay(document)).toEqual(['spec.meshConfig.accessLogFile: expected a string, got number 42']);
  });

  it('a string for a boolean (ingressGateways[0].enabled: "true")', () => {
    const document = copyOf('internal-load-balancer.yaml');
    at(document, ...GATEWAY).enabled = 'true';
    expect(validateIstioOperatorOverlay(document)).toEqual(['spec.components.ingressGateways[0].enabled: expected a boolean, got string "true"']);
  });

  it('a boolean for a string-valued annotation', () => {
    const document = copyOf('internal-load-balancer.yaml');
    at(document, ...ANNOTATIONS)[GLOBAL_ACCESS] = true;
    expectSingleProblemAt(
      validateIstioOperatorOverlay(document),
      `spec.components.ingressGateways[0].k8s.serviceAnnotations["${GLOBAL_ACCESS}"]`,
      'expected a string',
    );
  });

  it('a mapping where a list belongs (components.ingressGateways)', () => {
    const document = copyOf('internal-load-balancer.yaml');
    const components = at(document, 'spec', 'components');
    components.ingressGateways = (components.ingressGateways as unknown[])[0];
    expect(validateIstioOperatorOverlay(document)).toEqual(['spec.components.ingressGateways: expected a list, got a mapping']);
  });

  it('a scalar where a mapping belongs (outboundTrafficPolicy: REGISTRY_ONLY)', () => {
    const document = copyOf('egress-registry-only.yaml');
    at(document, 'spec', 'meshConfig').outboundTrafficPolicy = 'REGISTRY_ONLY';
    expect(validateIstioOperatorOverlay(document)).toEqual([
      'spec.meshConfig.outboundTrafficPolicy: expected a mapping (MeshConfig.OutboundTrafficPolicy), got string "REGISTRY_ONLY"',
    ]);
  });
});

describe('the object around the spec', () => {
  it('a wrong kind', () => {
    const document = copyOf('access-logging.yaml');
    document.kind = 'IstioOperatorSpec';
    expect(validateIstioOperatorOverlay(document)).toEqual([
      'kind: must be equal to one of the allowed values "IstioOperator", got string "IstioOperatorSpec"',
    ]);
  });

  it('a wrong apiVersion', () => {
    const document = copyOf('access-logging.yaml');
    document.apiVersion = 'install.istio.io/v1alpha2';
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'apiVersion', 'must be equal to one of the allowed values "install.istio.io/v1alpha1"');
  });

  it('a missing apiVersion (the model would otherwise fill it in)', () => {
    const document = copyOf('access-logging.yaml');
    delete document.apiVersion;
    expectSingleProblemAt(validateIstioOperatorOverlay(document), 'apiVersion', 'required');
  });

  it('a metadata field of the wrong kind (metadata.name: 3)', () => {
    const document = copyOf('access-logging.yaml');
    document.metadata = { name: 3 };
    expect(validateIstioOperatorOverlay(document)).toEqual(['metadata.name: must be string, got number 3']);
  });

  it('an unknown top-level field', () => {
    const document = copyOf('access-logging.yaml');
    renameKey(document, 'spec', 'specs');
    expectSingleProblemAt(
      validateIstioOperatorOverlay(document),
      'specs',
      'unknown top-level field (did you mean spec?); IstioOperator has: apiVersion, kind, metadata, spec',
    );
  });

  it('a document that is not a mapping', () => {
    expect(validateIstioOperatorOverlay(['spec'])).toEqual(['document: expected a mapping, got a list']);
  });
});

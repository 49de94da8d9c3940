/**
 * Our own description of the IstioOperator fields this project's overlays set: overlays/*.yaml,
 * the overlay fixtures in the tests, and what the install adds to the rendered overlay
 * (meshConfig.trustDomainAliases, lib/mesh/asm-install.sh and src/config/managed-overlays.ts).
 *
 * Written here from facts looked up upstream (names, value kinds, enum values); the comment on
 * each group says where each fact was checked. Every record is closed: a field that is real
 * upstream but not described here is reported too. To set a new field, look it up in the cited
 * page, add it here with its source, and only then to an overlay.
 *
 * Pages cited:
 *   OPERATOR  https://istio.io/latest/docs/reference/config/istio.operator.v1alpha1/
 *             and its Go types since Istio 1.24: istio/istio operator/pkg/apis/types.go
 *   MESH      https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
 *   VALUES    the Helm values behind spec.values: istio/istio operator/pkg/apis/values_types.proto
 *             (the schema istioctl validates `values` against), and the multicluster install
 *             guide https://istio.io/latest/docs/setup/install/multicluster/
 *   GKE_LB    https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
 */
import { flag, listOf, oneOf, record, text, type Shape } from './istio-operator-shape';

/**
 * MESH, MeshConfig:
 *   accessLogFile         string: file Envoy writes access logs to; /dev/stdout for the container log
 *   accessLogEncoding     enum MeshConfig.AccessLogEncoding: TEXT | JSON
 *   outboundTrafficPolicy MeshConfig.OutboundTrafficPolicy, one field `mode`,
 *                         enum MeshConfig.OutboundTrafficPolicy.Mode: REGISTRY_ONLY | ALLOW_ANY
 *   trustDomainAliases    string[]: trust domains treated as this mesh's own
 */
export const MESH_CONFIG: Shape = record('MeshConfig', {
  accessLogFile: text,
  accessLogEncoding: oneOf('MeshConfig.AccessLogEncoding', ['TEXT', 'JSON']),
  outboundTrafficPolicy: record('MeshConfig.OutboundTrafficPolicy', {
    mode: oneOf('MeshConfig.OutboundTrafficPolicy.Mode', ['REGISTRY_ONLY', 'ALLOW_ANY']),
  }),
  trustDomainAliases: listOf(text),
});

/**
 * GKE_LB, annotations on a LoadBalancer Service. Upstream `serviceAnnotations` takes any key
 * (OPERATOR: map<string, string>); we close it to the two annotations we set, whose values are
 * the strings GKE reads:
 *   networking.gke.io/load-balancer-type                          "Internal": internal passthrough NLB
 *   networking.gke.io/internal-load-balancer-allow-global-access  "true" | "false": clients in any region
 */
const GATEWAY_SERVICE_ANNOTATIONS: Shape = record('GatewayServiceAnnotations', {
  'networking.gke.io/load-balancer-type': oneOf('networking.gke.io/load-balancer-type', ['Internal']),
  'networking.gke.io/internal-load-balancer-allow-global-access': oneOf('networking.gke.io/internal-load-balancer-allow-global-access', ['true', 'false']),
});

/**
 * OPERATOR, IstioOperatorSpec.components (IstioComponentSpec; IstioComponentSetSpec before 1.24):
 *   ingressGateways  GatewayComponentSpec[] (GatewaySpec before 1.24), of which we set:
 *     name     string
 *     enabled  bool (a BoolValue, read from a JSON boolean)
 *     k8s      KubernetesResources (KubernetesResourcesSpec before 1.24), of which we set:
 *       serviceAnnotations  map<string, string>, narrowed to GATEWAY_SERVICE_ANNOTATIONS
 * The other components upstream (base, pilot, cni, ztunnel, istiodRemote, egressGateways,
 * gateway) are not used by our overlays, so they are not described.
 */
const COMPONENTS: Shape = record('IstioComponentSpec', {
  ingressGateways: listOf(
    record('GatewayComponentSpec', {
      name: text,
      enabled: flag,
      k8s: record('KubernetesResources', { serviceAnnotations: GATEWAY_SERVICE_ANNOTATIONS }),
    }),
  ),
});

/**
 * VALUES, Values (spec.values):
 *   global        GlobalConfig:
 *     meshID        string: the mesh ID, the same in every cluster of the mesh
 *     network       string: the network this cluster's workloads are on
 *     multiCluster  MultiClusterConfig, of which we set `clusterName` (string)
 *   pilot         PilotConfig, of which we set `env`: istiod's environment, a Struct upstream
 *                 (any variable name), narrowed here to the variables we set:
 *     ENABLE_NATIVE_SIDECARS  istiod's boolean feature flag (istio/istio pilot/pkg/features,
 *                             env.Register("ENABLE_NATIVE_SIDECARS", false, ...)); an env value is a
 *                             string, so "true" | "false"
 * The ${...} placeholders in overlays/multicluster-identity.yaml are strings like any other.
 */
const VALUES: Shape = record('Values', {
  global: record('GlobalConfig', {
    meshID: text,
    network: text,
    multiCluster: record('MultiClusterConfig', { clusterName: text }),
  }),
  pilot: record('PilotConfig', {
    env: record('PilotConfig.env', {
      ENABLE_NATIVE_SIDECARS: oneOf('ENABLE_NATIVE_SIDECARS', ['true', 'false']),
    }),
  }),
});

/**
 * OPERATOR, IstioOperatorSpec, of which we set three fields:
 *   meshConfig  MeshConfig (typed loosely upstream, validated by istioctl against MESH)
 *   components  IstioComponentSpec
 *   values      Values (typed loosely upstream, validated by istioctl against values_types.proto)
 */
export const ISTIO_OPERATOR_SPEC: Shape = record('IstioOperatorSpec', {
  meshConfig: MESH_CONFIG,
  components: COMPONENTS,
  values: VALUES,
});

/** Kubernetes object fields of an IstioOperator (OPERATOR: the IstioOperator type, TypeMeta + ObjectMeta + spec). */
export const TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'] as const;

/**
 * What every construct of the mesh agrees on: the Istio root namespace, who-manages-it labels,
 * and the one shape of an egress entry for an external TLS service under REGISTRY_ONLY.
 */

/** Where istiod runs, and Istio's root namespace for mesh-wide policy. */
export const ISTIO_NAMESPACE = 'istio-system';

/** The helloworld sample's port: the sample serves it, and `npm run verify` calls it. */
export const HELLOWORLD_PORT = 5000;

/**
 * Every Istio API resource, by group, as Istio's CRDs define them (istio/istio
 * manifests/charts/base/files/crd-all.gen.yaml). Roles name these instead of `resources: ["*"]`,
 * so they grant what is listed and nothing a later CRD adds (checkov CKV_K8S_49).
 */
export const ISTIO_RESOURCES = {
  'networking.istio.io': [
    'destinationrules',
    'envoyfilters',
    'gateways',
    'proxyconfigs',
    'serviceentries',
    'sidecars',
    'virtualservices',
    'workloadentries',
    'workloadgroups',
  ],
  'security.istio.io': ['authorizationpolicies', 'peerauthentications', 'requestauthentications'],
  'telemetry.istio.io': ['telemetries'],
  'extensions.istio.io': ['wasmplugins'],
} as const satisfies Record<string, readonly string[]>;

/** Read-only RBAC rules on the given Istio groups, one rule per group. */
export function istioReadRules(groups: readonly (keyof typeof ISTIO_RESOURCES)[]) {
  return groups.map((group) => ({ apiGroups: [group], resources: [...ISTIO_RESOURCES[group]], verbs: ['get', 'list', 'watch'] }));
}

/** Kubernetes' recommended label, on everything this app creates in a cluster. */
export const KUBERNETES_MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdktf' } as const;

/** The same on Google resources, whose label keys allow no dots or slashes. */
export const GOOGLE_MANAGED_BY = { 'managed-by': 'cdktf' } as const;

export interface ExternalTlsService {
  /** The ServiceEntry's name. */
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  /** @default 443 */
  readonly port?: number;
  /** Namespaces that may call it: `.` for its own only. */
  readonly exportTo: readonly string[];
}

/**
 * A MESH_EXTERNAL ServiceEntry for a TLS host: with outbound traffic REGISTRY_ONLY, meshed pods
 * reach an outside service only through an entry like this.
 */
export function externalTlsServiceEntry(service: ExternalTlsService): Record<string, unknown> {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name: service.name, namespace: service.namespace },
    spec: {
      hosts: [service.host],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: service.port ?? 443, name: 'tls', protocol: 'TLS' }],
      exportTo: [...service.exportTo],
    },
  };
}

import type { ConfigProblem } from './messages';
import type { IstioOperatorOverlay } from './overlays';
import type { ManagedMeshSettings } from './types';
import { writeYaml } from './yaml';

/**
 * How each overlay setting lands in managed mode, field by field. The overlays stay the one
 * source for both modes; a setting managed mode can neither honour nor provide is refused,
 * never dropped. Sources (Cloud Service Mesh docs): enable-optional-features-managed (the
 * MeshConfig ConfigMaps, outbound traffic policy), observability/access-logs (Telemetry API on
 * TRAFFIC_DIRECTOR), onboarding/unsupported-istio-apis (MeshConfig fields managed rejects or
 * ignores), provision-control-plane (the fleet sets mesh ID, cluster name, network).
 */
type Placement =
  /** Into the `mesh` key of the managed MeshConfig ConfigMaps. */
  | { readonly to: 'mesh-config' }
  /** Into the mesh-wide Telemetry resource (access logs). */
  | { readonly to: 'telemetry'; readonly accepts: (value: unknown) => boolean; readonly expected: string }
  /** Provided by the fleet registration itself: satisfied, not repeated. */
  | { readonly to: 'fleet' };

const PLACEMENTS: Readonly<Record<string, Placement>> = {
  'meshConfig.outboundTrafficPolicy.mode': { to: 'mesh-config' },
  // Envoy's log format follows it on ISTIOD (istio pilot/pkg/model/telemetry_logging.go: the envoy
  // provider falls back to the MeshConfig access log format); not documented for TRAFFIC_DIRECTOR.
  'meshConfig.accessLogEncoding': { to: 'mesh-config' },
  // The Telemetry API's `envoy` provider logs to the proxy's stdout, nowhere else.
  'meshConfig.accessLogFile': { to: 'telemetry', accepts: (value) => value === '/dev/stdout' || value === '', expected: '/dev/stdout (or "" for none)' },
  'values.global.meshID': { to: 'fleet' },
  'values.global.multiCluster.clusterName': { to: 'fleet' },
  'values.global.network': { to: 'fleet' },
};

/** Why a refused setting cannot be carried, by the prefix of its field. */
const REFUSALS: readonly (readonly [prefix: string, why: string])[] = [
  [
    'components.',
    'managed mode installs no gateways or istiod components (the workloads stack deploys the ingress gateway; ingress.internal makes it internal)',
  ],
  ['values.pilot.', 'Google runs the control plane; its istiod settings cannot be set'],
  ['values.', 'Helm values configure an asmcli install; managed mode reads none'],
];

export interface NamedOverlay {
  /** As the config names it, for messages. */
  readonly path: string;
  readonly document: IstioOperatorOverlay;
}

/** Every overlay setting managed mode refuses, naming the overlay and the field. */
export function managedOverlayProblems(overlays: readonly NamedOverlay[]): ConfigProblem[] {
  return overlays.flatMap((overlay) =>
    leaves(overlay.document.spec ?? {}).flatMap(([field, value]): ConfigProblem[] => {
      const placement = PLACEMENTS[field];
      const where = { path: 'asm.overlays', message: `"${overlay.path}" sets spec.${field}` };
      if (placement === undefined) {
        const why = REFUSALS.find(([prefix]) => field.startsWith(prefix))?.[1] ?? 'this app carries no such setting into managed mode';
        return [
          {
            ...where,
            message: `${where.message}, which asm.mode: managed cannot honour: ${why} (see docs/what-gets-built.md "What the overlays become in managed mode")`,
          },
        ];
      }
      if (placement.to === 'telemetry' && !placement.accepts(value)) {
        return [
          {
            ...where,
            message: `${where.message} to ${JSON.stringify(value)}; managed mode logs through the Telemetry API, which writes only to ${placement.expected}`,
          },
        ];
      }
      return [];
    }),
  );
}

/** The overlays' settings, placed for managed mode. Call only on overlays without problems. */
export function managedMeshSettings(overlays: readonly NamedOverlay[], trustDomainAliases: readonly string[] = []): ManagedMeshSettings {
  const meshConfig: Record<string, unknown> = {};
  let accessLogging = false;
  for (const overlay of overlays) {
    for (const [field, value] of leaves(overlay.document.spec ?? {})) {
      const placement = PLACEMENTS[field];
      if (placement?.to === 'mesh-config') setPath(meshConfig, field.split('.').slice(1), value);
      // Later overlays win, as they do for asmcli.
      if (placement?.to === 'telemetry') accessLogging = value !== '';
    }
  }
  if (trustDomainAliases.length > 0) meshConfig.trustDomainAliases = [...trustDomainAliases];
  return { meshConfig, accessLogging };
}

/** The `mesh` key's YAML, keys sorted so the output is stable. */
export function managedMeshConfigYaml(settings: ManagedMeshSettings): string {
  return writeYaml(settings.meshConfig);
}

/** `{a: {b: 1}}` -> `[['a.b', 1]]`; arrays are leaves. */
function leaves(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, child]) => {
    const field = `${prefix}${key}`;
    return child !== null && typeof child === 'object' && !Array.isArray(child) ? leaves(child as Record<string, unknown>, `${field}.`) : [[field, child]];
  });
}

function setPath(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  const [head, ...rest] = segments;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const next = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  target[head] = next;
  setPath(next, rest, value);
}

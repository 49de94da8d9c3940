import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { Construct } from 'constructs';
import { requireCidr, requireLabel, requirePorts, requireProp } from '../core/validate';
import { waive } from '../core/waivers';

/** Google's load-balancer and health-check source ranges. */
export const GOOGLE_HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];

/**
 * Ports the control plane must reach on the nodes beyond GKE's default 443/10250:
 * 15017 is istiod's sidecar-injection and validation webhook (istio/istio#19532);
 * 15014 (istiod monitoring) and 8080 (debug) are what `istioctl version` and `istioctl ps` use.
 */
export const ISTIO_CONTROL_PLANE_PORTS = ['15017', '15014', '8080'];

/**
 * What Google's health checkers probe on nodes and gateway pods: serving ports, the gateway's
 * readiness port 15021 and kube-proxy/Dataplane V2 health 10256. GKE opens a Service's own
 * NodePort health checks itself, so no NodePort range is opened here.
 */
export const HEALTH_CHECK_PORTS = ['80', '443', '8080', '10256', '15021'];

/** What the ASM multi-cluster docs allow between clusters' pods. */
export const CROSS_CLUSTER_PROTOCOLS = ['tcp', 'udp', 'icmp', 'esp', 'ah', 'sctp'];

export interface MeshFirewallProps {
  readonly project: string;
  /** Network ID or self link. */
  readonly network: string;
  /** Prefix of the rule names. */
  readonly namePrefix: string;
  /** Network tags of every cluster's nodes: the targets of all three rules. */
  readonly nodeTags: readonly string[];
  /** Every cluster's control-plane /28. */
  readonly controlPlaneCidrs: readonly string[];
  /** Every cluster's pod range. */
  readonly podCidrs: readonly string[];
  /** Every cluster's node subnet. */
  readonly subnetCidrs: readonly string[];
  /**
   * Ports opened from the control planes to the nodes.
   * @default ISTIO_CONTROL_PLANE_PORTS (15017, 15014, 8080)
   */
  readonly controlPlanePorts?: readonly string[];
  /**
   * Ports opened to Google's health checkers.
   * @default HEALTH_CHECK_PORTS
   */
  readonly healthCheckPorts?: readonly string[];
}

/**
 * The firewall rules a multi-cluster mesh on private clusters needs, none of them open to the
 * internet: control planes to istiod's webhook, pods of every cluster to the nodes of every
 * cluster, and Google's health checkers to the nodes.
 */
export class MeshFirewall extends Construct {
  public readonly controlPlaneToWebhooks: ComputeFirewall;
  public readonly crossClusterPods: ComputeFirewall;
  public readonly healthChecks: ComputeFirewall;

  constructor(scope: Construct, id: string, props: MeshFirewallProps) {
    super(scope, id);
    requireLabel(props.namePrefix, 36, 'MeshFirewall', 'namePrefix');
    for (const key of ['nodeTags', 'controlPlaneCidrs', 'podCidrs', 'subnetCidrs'] as const) {
      requireProp(props[key].length > 0, 'MeshFirewall', key, 'must not be empty');
    }
    props.nodeTags.forEach((tag, index) => requireLabel(tag, 63, 'MeshFirewall', `nodeTags[${index}]`));
    props.controlPlaneCidrs.forEach((cidr, index) => requireCidr(cidr, 'MeshFirewall', `controlPlaneCidrs[${index}]`, { exact: 28 }));
    // Sources are cluster ranges only: nothing here may ever be opened to 0.0.0.0/0.
    for (const key of ['podCidrs', 'subnetCidrs'] as const) {
      props[key].forEach((cidr, index) => requireCidr(cidr, 'MeshFirewall', `${key}[${index}]`, { broadest: 8 }));
    }
    const controlPlanePorts = props.controlPlanePorts ?? ISTIO_CONTROL_PLANE_PORTS;
    const healthCheckPorts = props.healthCheckPorts ?? HEALTH_CHECK_PORTS;
    requirePorts(controlPlanePorts, 'MeshFirewall', 'controlPlanePorts');
    requirePorts(healthCheckPorts, 'MeshFirewall', 'healthCheckPorts');
    const targetTags = [...props.nodeTags];

    this.controlPlaneToWebhooks = new ComputeFirewall(this, 'control-plane-to-webhooks', {
      project: props.project,
      network: props.network,
      name: `${props.namePrefix}-allow-istio-webhooks`,
      description: 'Control planes to istiod webhooks: without it sidecar injection hangs on private clusters.',
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: [...props.controlPlaneCidrs],
      targetTags,
      allow: [{ protocol: 'tcp', ports: [...controlPlanePorts] }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });

    this.crossClusterPods = new ComputeFirewall(this, 'cross-cluster-pods', {
      project: props.project,
      network: props.network,
      name: `${props.namePrefix}-allow-cross-cluster-pods`,
      description: 'Pods and nodes of every mesh cluster to the nodes of every mesh cluster (ASM multi-cluster).',
      direction: 'INGRESS',
      priority: 900,
      sourceRanges: [...props.podCidrs, ...props.subnetCidrs],
      targetTags,
      allow: CROSS_CLUSTER_PROTOCOLS.map((protocol) => ({ protocol })),
    });
    // Not logged: every pod-to-pod connection between clusters would be a log entry; the
    // subnets' flow logs already record these flows.
    waive(this.crossClusterPods, {
      rule: 'kics 22ef1d26 (Firewall Rule that Allows All Ports), trivy AVD-GCP-0072 (all ports), AVD-GCP-0074 (large port range)',
      reason:
        "Cross-cluster pod traffic carries every mesh and application port and ICMP/ESP/AH/SCTP, as the ASM multi-cluster docs require. Sources are only the clusters' own pod and node ranges; mTLS STRICT and NetworkPolicies restrict it further.",
    });

    this.healthChecks = new ComputeFirewall(this, 'health-checks', {
      project: props.project,
      network: props.network,
      name: `${props.namePrefix}-allow-lb-health-checks`,
      description: "Google's load-balancer health checkers to the nodes and gateway pods.",
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: [...GOOGLE_HEALTH_CHECK_RANGES],
      targetTags,
      allow: [{ protocol: 'tcp', ports: [...healthCheckPorts] }],
      logConfig: { metadata: 'EXCLUDE_ALL_METADATA' },
    });
  }
}

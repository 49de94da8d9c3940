import { privateEndpointRangeProblem } from '../core/cidr';
import { requireCidr, requireLabel, requireProp } from '../core/validate';

/**
 * The control-plane access every mesh cluster has, Standard or Autopilot, defined once: private
 * nodes, a /28 for the control plane, global access for peers in other regions, authorized
 * networks (the admin networks plus every peer's pod range, for discovery) and no client
 * certificates. google provider 6.50.0 accepts all of it beside `enable_autopilot`
 * (resource_container_cluster.go: none of these blocks conflicts with it).
 */

export interface AuthorizedCidr {
  readonly cidr: string;
  readonly displayName: string;
}

export interface ControlPlaneAccessProps {
  /** An RFC 1035 label of at most 40 characters. */
  readonly name: string;
  /** The control plane's /28. */
  readonly masterCidr: string;
  /**
   * Who may reach the control plane. For discovery, include every other mesh cluster's pod range.
   * Never 0.0.0.0/0.
   * @default none: only the VPC reaches the control plane
   */
  readonly authorizedNetworks?: readonly AuthorizedCidr[];
  /**
   * Serve the control plane on its private endpoint only.
   * @default false: a public endpoint, limited to `authorizedNetworks`
   */
  readonly privateEndpoint?: boolean;
}

/** Refuses access settings GKE would refuse, naming the construct's prop. */
export function validateControlPlaneAccess(construct: string, props: ControlPlaneAccessProps): void {
  requireLabel(props.name, 40, construct, 'name');
  requireCidr(props.masterCidr, construct, 'masterCidr', { exact: 28 });
  (props.authorizedNetworks ?? []).forEach((entry, index) => {
    requireCidr(entry.cidr, construct, `authorizedNetworks[${index}].cidr`, { broadest: 8 });
    const problem = props.privateEndpoint ? privateEndpointRangeProblem(entry.cidr, props.name) : undefined;
    requireProp(problem === undefined, construct, `authorizedNetworks[${index}].cidr`, `is refused: ${problem}`);
  });
}

/** The cluster's private, authorized, certificate-free control plane, as ContainerCluster props. */
export function controlPlaneAccess(props: ControlPlaneAccessProps) {
  return {
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: props.privateEndpoint ?? false,
      masterIpv4CidrBlock: props.masterCidr,
      // Clusters in other regions, and their istiod, reach this control plane privately.
      masterGlobalAccessConfig: { enabled: true },
    },
    masterAuthorizedNetworksConfig: {
      cidrBlocks: (props.authorizedNetworks ?? []).map((entry) => ({ cidrBlock: entry.cidr, displayName: entry.displayName })),
      gcpPublicCidrsAccessEnabled: false,
    },
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
  };
}

import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { overlaps, parseCidr, type Ipv4Range } from '../core/cidr';
import { region } from '../core/rules';
import { check, requireCidr, requireLabel, requireProp } from '../core/validate';

export interface MeshSubnetSpec {
  /** Subnet name. */
  readonly name: string;
  /** Region of the subnet; the cluster using it must be in this region. */
  readonly region: string;
  /** Primary range, for nodes. */
  readonly cidr: string;
  /** Secondary range for pods, named `pods`. */
  readonly podCidr: string;
  /** Secondary range for services, named `services`. */
  readonly serviceCidr: string;
}

export interface MeshNetworkProps {
  readonly project: string;
  /** VPC name. */
  readonly name: string;
  /** One subnet per cluster. */
  readonly subnets: readonly MeshSubnetSpec[];
  /**
   * Fraction of flows sampled into VPC Flow Logs.
   * @default 0.5
   */
  readonly flowLogSampling?: number;
  /** Resources that must exist first (the Compute API). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Names of the secondary ranges every mesh subnet carries. */
export const POD_RANGE_NAME = 'pods';
export const SERVICE_RANGE_NAME = 'services';

/**
 * A custom-mode VPC with global routing (clusters may sit in several regions and still talk
 * privately) and one subnet per cluster: VPC-native secondary ranges, Private Google Access
 * for private nodes, and flow logs.
 */
export class MeshNetwork extends Construct {
  public readonly network: ComputeNetwork;
  /** The VPC's ID, for clusters, firewall rules, NAT and peering. */
  public readonly networkId: string;
  /** Subnets by name. */
  public readonly subnets: ReadonlyMap<string, ComputeSubnetwork>;

  constructor(scope: Construct, id: string, props: MeshNetworkProps) {
    super(scope, id);
    requireLabel(props.name, 63, 'MeshNetwork', 'name');
    requireProp(props.subnets.length > 0, 'MeshNetwork', 'subnets', 'must list at least one subnet');
    requireProp(new Set(props.subnets.map((s) => s.name)).size === props.subnets.length, 'MeshNetwork', 'subnets', 'must have unique names');
    const sampling = props.flowLogSampling ?? 0.5;
    requireProp(sampling > 0 && sampling <= 1, 'MeshNetwork', 'flowLogSampling', `must be in (0, 1], got ${sampling}`);
    const seen: { prop: string; range: Ipv4Range }[] = [];
    props.subnets.forEach((subnet, index) => {
      requireLabel(subnet.name, 63, 'MeshNetwork', `subnets[${index}].name`);
      check('MeshNetwork', `subnets[${index}].region`, subnet.region, region);
      for (const key of ['cidr', 'podCidr', 'serviceCidr'] as const) {
        const prop = `subnets[${index}].${key}`;
        requireCidr(subnet[key], 'MeshNetwork', prop, { broadest: 8 });
        const range = parseCidr(subnet[key]) as Ipv4Range;
        const clash = seen.find((other) => overlaps(other.range, range));
        requireProp(!clash, 'MeshNetwork', prop, `${subnet[key]} overlaps ${clash?.prop} (${clash?.range.cidr})`);
        seen.push({ prop, range });
      }
    });

    this.network = new ComputeNetwork(this, 'vpc', {
      project: props.project,
      name: props.name,
      autoCreateSubnetworks: false,
      routingMode: 'GLOBAL',
      deleteDefaultRoutesOnCreate: false,
      dependsOn: props.dependsOn,
    });
    this.networkId = this.network.id;

    const subnets = new Map<string, ComputeSubnetwork>();
    for (const spec of props.subnets) {
      subnets.set(
        spec.name,
        new ComputeSubnetwork(this, `subnet-${spec.name}`, {
          project: props.project,
          name: spec.name,
          region: spec.region,
          network: this.network.id,
          ipCidrRange: spec.cidr,
          stackType: 'IPV4_ONLY',
          privateIpGoogleAccess: true,
          secondaryIpRange: [
            { rangeName: POD_RANGE_NAME, ipCidrRange: spec.podCidr },
            { rangeName: SERVICE_RANGE_NAME, ipCidrRange: spec.serviceCidr },
          ],
          logConfig: {
            aggregationInterval: 'INTERVAL_5_SEC',
            flowSampling: sampling,
            metadata: 'INCLUDE_ALL_METADATA',
          },
        }),
      );
    }
    this.subnets = subnets;
  }

  /** The subnet named `name`; a name not in `props.subnets` is a programming error. */
  public subnet(name: string): ComputeSubnetwork {
    const subnet = this.subnets.get(name);
    if (!subnet) throw new Error(`MeshNetwork: no subnet "${name}"; the subnets are ${[...this.subnets.keys()].join(', ')}`);
    return subnet;
  }
}

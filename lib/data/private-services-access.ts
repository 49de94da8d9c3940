import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { parseCidr, type Ipv4Range } from '../core/cidr';
import { TeardownStep } from '../core/teardown-step';
import { requireCidr, requireLabel, requireProp } from '../core/validate';

export interface PrivateServicesAccessProps {
  readonly project: string;
  /** Network ID or self link of the VPC to peer. */
  readonly network: string;
  /** Name of the reserved range. */
  readonly name: string;
  /** The range Google places managed services (Cloud SQL) in; must not overlap the VPC's ranges. */
  readonly cidr: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Private services access: a reserved VPC_PEERING range and the peering to Google's service
 * producer network, so Cloud SQL gets a private IP inside the VPC and no public one.
 */
export class PrivateServicesAccess extends Construct {
  public readonly range: ComputeGlobalAddress;
  public readonly connection: ServiceNetworkingConnection;
  /** Removes the peering at destroy, after Cloud SQL and before the range and the VPC. */
  public readonly teardown: TeardownStep;

  constructor(scope: Construct, id: string, props: PrivateServicesAccessProps) {
    super(scope, id);
    requireLabel(props.name, 63, 'PrivateServicesAccess', 'name');
    requireCidr(props.cidr, 'PrivateServicesAccess', 'cidr', { broadest: 8 });
    const range = parseCidr(props.cidr) as Ipv4Range;
    requireProp(range.prefix <= 24, 'PrivateServicesAccess', 'cidr', `must be a /24 or larger, as private services access requires, got "${props.cidr}"`);
    this.range = new ComputeGlobalAddress(this, 'range', {
      project: props.project,
      name: props.name,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      address: props.cidr.split('/')[0],
      prefixLength: range.prefix,
      network: props.network,
      dependsOn: props.dependsOn,
    });
    // The provider's delete fails for days after Cloud SQL goes ("Producer services ... are still
    // using this connection", terraform-provider-google #16275): Terraform only forgets the
    // connection, and the teardown step, which outlives it, retries and then drops the VPC's side.
    this.teardown = new TeardownStep(this, 'teardown', {
      step: 'service-peering',
      input: { network: props.network, network_project: props.project },
      dependsOn: [this.range],
    });
    this.connection = new ServiceNetworkingConnection(this, 'connection', {
      network: props.network,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [this.range.name],
      deletionPolicy: 'ABANDON',
      // A connection a past teardown could not remove is patched to this range, not a failed create.
      updateOnCreationFail: true,
      dependsOn: [this.teardown.resource],
    });
  }
}

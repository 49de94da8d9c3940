import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { Construct } from 'constructs';
import { requireLabel, requireProp } from '../core/validate';

export interface CloudNatProps {
  readonly project: string;
  /** Network ID or self link. */
  readonly network: string;
  readonly region: string;
  /** Name of the router; the NAT gets `<name>-nat`. */
  readonly name: string;
  /**
   * Minimum source ports per VM. Envoy sidecars open many upstream connections.
   * @default 256
   */
  readonly minPortsPerVm?: number;
}

/**
 * A Cloud Router and Cloud NAT for one region, so private nodes can pull images that are not
 * on Google's registries (Private Google Access covers those).
 */
export class CloudNat extends Construct {
  public readonly router: ComputeRouter;
  public readonly nat: ComputeRouterNat;

  constructor(scope: Construct, id: string, props: CloudNatProps) {
    super(scope, id);
    requireLabel(props.name, 59, 'CloudNat', 'name');
    const minPorts = props.minPortsPerVm ?? 256;
    requireProp(
      Number.isInteger(minPorts) && minPorts >= 32 && minPorts <= 65536,
      'CloudNat',
      'minPortsPerVm',
      `must be an integer in 32..65536, got ${minPorts}`,
    );

    this.router = new ComputeRouter(this, 'router', {
      project: props.project,
      name: props.name,
      region: props.region,
      network: props.network,
    });
    this.nat = new ComputeRouterNat(this, 'nat', {
      project: props.project,
      name: `${props.name}-nat`,
      region: props.region,
      router: this.router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      minPortsPerVm: minPorts,
      enableEndpointIndependentMapping: false,
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
  }
}

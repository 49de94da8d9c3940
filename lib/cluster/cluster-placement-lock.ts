import { type Construct } from 'constructs';
import { type LockedFact, RecordedFactLock } from '../core/recorded-fact-lock';
import { requireLabel, requireProp } from '../core/validate';

/**
 * What places a cluster and its subnet. Each forces replacement of a fixed-name resource in google
 * provider 6.50.0: the cluster's `project`, `location`, `network`, `subnetwork`,
 * `ip_allocation_policy` and `private_cluster_config.master_ipv4_cidr_block` are ForceNew
 * (google/services/container/resource_container_cluster.go), and a subnet's `ip_cidr_range`
 * replaces it unless it only grows (resource_compute_subnetwork.go, ForceNewIfChange
 * IsShrinkageIpCidr); a secondary range in use by a cluster cannot change under it.
 */
export const PLACEMENT_FACTS = ['project', 'location', 'network', 'subnetCidr', 'podCidr', 'serviceCidr', 'masterCidr'] as const;
export type PlacementFact = (typeof PLACEMENT_FACTS)[number];

/** The planned ones: a cluster that moved in the list gets other ones unless its slot is pinned. */
const RANGES: ReadonlySet<string> = new Set<PlacementFact>(['subnetCidr', 'podCidr', 'serviceCidr', 'masterCidr']);

export interface ClusterPlacementLockProps {
  /** The cluster this guards. */
  readonly clusterName: string;
  /** Where its planned ranges come from (config `clusters[].slot`, or its list position). */
  readonly slot: number;
  /** Its placement as the config resolves it now. */
  readonly placement: Readonly<Record<PlacementFact, string>>;
  /** Where the message sends the user. @default 'docs/cluster-lifecycle.md' */
  readonly guide?: string;
}

/**
 * Refuses, at plan time, any change that would replace a running cluster or its subnet. Node pools
 * are create_before_destroy, and Terraform forces that onto everything they depend on
 * (ForcedCBDTransformer, internal/terraform/transform_destroy_cbd.go in hashicorp/terraform), so
 * such a replacement would be planned as "create a same-named cluster first" and fail with 409
 * after taking the plan's other changes with it. The most likely cause is a cluster that moved in
 * the list, moving its planned ranges: the message names the slot it was deployed with.
 */
export class ClusterPlacementLock extends RecordedFactLock {
  constructor(scope: Construct, id: string, props: ClusterPlacementLockProps) {
    requireLabel(props.clusterName, 40, 'ClusterPlacementLock', 'clusterName');
    requireProp(Number.isInteger(props.slot) && props.slot >= 0, 'ClusterPlacementLock', 'slot', `must be a whole number of at least 0, got ${props.slot}`);
    for (const fact of PLACEMENT_FACTS) {
      requireProp(typeof props.placement[fact] === 'string' && props.placement[fact] !== '', 'ClusterPlacementLock', `placement.${fact}`, 'must be set');
    }
    const guide = props.guide ?? 'docs/cluster-lifecycle.md';
    const name = props.clusterName;
    const locked: LockedFact[] = PLACEMENT_FACTS.map((key) => ({
      key,
      errorMessage: (recorded) =>
        `clusters[name=${name}].${key}: the running cluster has ${recorded(key)} (slot ${recorded('slot')}), the config now gives ${props.placement[key]}; that would replace the cluster or its subnet under the same name. ` +
        (RANGES.has(key)
          ? `If the cluster moved in the list or an earlier one was removed, set its slot: ${recorded('slot')} (or ${key}: ${recorded(key)}). `
          : '') +
        `To really move it, add a new cluster under another name and remove this one: see ${guide}.`,
    }));
    super(scope, id, {
      constructName: 'ClusterPlacementLock',
      record: { cluster: name, slot: String(props.slot), ...props.placement },
      locked,
    });
  }
}

import { GkeHubFeature } from '@cdktf/provider-google/lib/gke-hub-feature';
import { GkeHubFeatureMembership } from '@cdktf/provider-google/lib/gke-hub-feature-membership';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel, requireProp } from '../core/validate';

/** The fleet feature that runs the managed control plane. */
export const SERVICE_MESH_FEATURE = 'servicemesh';

export interface FleetMembershipRef {
  /** A stable name for the construct ID: the cluster name. */
  readonly name: string;
  /** The membership ID the fleet registration produced (`fleet[0].membership_id`). */
  readonly membershipId: string;
  /** Its location (`fleet[0].membership_location`). */
  readonly membershipLocation: string;
}

export interface FleetServiceMeshProps {
  /** The fleet host project. */
  readonly project: string;
  readonly memberships: readonly FleetMembershipRef[];
  /** @default "MANAGEMENT_AUTOMATIC" */
  readonly management?: 'MANAGEMENT_AUTOMATIC' | 'MANAGEMENT_MANUAL';
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The managed service mesh: the fleet's `servicemesh` feature and one membership config per
 * cluster, so Google runs and upgrades each control plane.
 */
export class FleetServiceMesh extends Construct {
  public readonly feature: GkeHubFeature;
  public readonly memberships: readonly GkeHubFeatureMembership[];

  constructor(scope: Construct, id: string, props: FleetServiceMeshProps) {
    super(scope, id);
    requireProp(props.memberships.length > 0, 'FleetServiceMesh', 'memberships', 'must list at least one cluster');
    props.memberships.forEach((membership, index) => requireLabel(membership.name, 63, 'FleetServiceMesh', `memberships[${index}].name`));
    const names = props.memberships.map((membership) => membership.name);
    requireProp(new Set(names).size === names.length, 'FleetServiceMesh', 'memberships', `must have unique names, got ${names.join(', ')}`);
    this.feature = new GkeHubFeature(this, 'feature', {
      project: props.project,
      name: SERVICE_MESH_FEATURE,
      location: 'global',
      dependsOn: props.dependsOn,
    });
    this.memberships = props.memberships.map(
      (membership) =>
        new GkeHubFeatureMembership(this, `membership-${membership.name}`, {
          project: props.project,
          feature: this.feature.name,
          location: 'global',
          membership: membership.membershipId,
          membershipLocation: membership.membershipLocation,
          mesh: { management: props.management ?? 'MANAGEMENT_AUTOMATIC' },
        }),
    );
  }
}

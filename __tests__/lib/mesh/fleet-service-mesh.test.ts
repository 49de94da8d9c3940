import { GkeHubFeature } from '@cdktf/provider-google/lib/gke-hub-feature';
import { GkeHubFeatureMembership } from '@cdktf/provider-google/lib/gke-hub-feature-membership';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { type FleetMembershipRef, FleetServiceMesh, type FleetServiceMeshProps } from '../../../lib/mesh/fleet-service-mesh';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const ALPHA: FleetMembershipRef = { name: 'alpha', membershipId: 'alpha-membership', membershipLocation: 'us-central1' };
const BETA: FleetMembershipRef = { name: 'beta', membershipId: 'beta-membership', membershipLocation: 'global' };
const BASE: FleetServiceMeshProps = { project: 'fleet-host', memberships: [ALPHA, BETA] };

function featureId(json: SynthJson): string {
  const ids = Object.keys(json.resource?.google_gke_hub_feature ?? {}).filter((id) => /^mesh_feature_[0-9A-F]{8}$/.test(id));
  if (ids.length !== 1) throw new Error(`expected one google_gke_hub_feature at mesh/feature, found ${ids.length}`);
  return ids[0];
}

describe('FleetServiceMesh', () => {
  describe('with defaults', () => {
    let construct: FleetServiceMesh;
    let json: SynthJson;
    let feature: string;

    beforeAll(() => {
      const stack = testStack();
      construct = new FleetServiceMesh(stack, 'mesh', BASE);
      json = synth(stack);
      feature = `\${google_gke_hub_feature.${featureId(json)}.name}`;
    });

    it('enables the global servicemesh feature in the fleet host project, depending on nothing', () => {
      expect(resources(json, 'google_gke_hub_feature')).toEqual([{ project: 'fleet-host', name: 'servicemesh', location: 'global' }]);
      expect(construct.feature).toBeInstanceOf(GkeHubFeature);
    });

    it('configures one automatically managed membership per cluster, and nothing else', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual(['google_gke_hub_feature', 'google_gke_hub_feature_membership']);
      expect(resources(json, 'google_gke_hub_feature_membership')).toHaveLength(2);
      expect(resourceAt(json, 'google_gke_hub_feature_membership', 'mesh/membership-alpha')).toEqual({
        project: 'fleet-host',
        feature,
        location: 'global',
        membership: 'alpha-membership',
        membership_location: 'us-central1',
        mesh: { management: 'MANAGEMENT_AUTOMATIC' },
      });
      expect(resourceAt(json, 'google_gke_hub_feature_membership', 'mesh/membership-beta')).toEqual({
        project: 'fleet-host',
        feature,
        location: 'global',
        membership: 'beta-membership',
        membership_location: 'global',
        mesh: { management: 'MANAGEMENT_AUTOMATIC' },
      });
    });

    it('exposes the memberships in the given order', () => {
      expect(construct.memberships).toHaveLength(2);
      for (const membership of construct.memberships) expect(membership).toBeInstanceOf(GkeHubFeatureMembership);
      expect(construct.memberships.map((membership) => membership.node.id)).toEqual(['membership-alpha', 'membership-beta']);
    });
  });

  describe('with MANAGEMENT_MANUAL and dependsOn', () => {
    let json: SynthJson;

    beforeAll(() => {
      const stack = testStack();
      const api = new ProjectService(stack, 'mesh-api', { service: 'mesh.googleapis.com' });
      new FleetServiceMesh(stack, 'mesh', { ...BASE, memberships: [ALPHA], management: 'MANAGEMENT_MANUAL', dependsOn: [api] });
      json = synth(stack);
    });

    it('makes the feature depend on dependsOn', () => {
      expect(resources(json, 'google_gke_hub_feature')).toEqual([
        { project: 'fleet-host', name: 'servicemesh', location: 'global', depends_on: ['google_project_service.mesh-api'] },
      ]);
    });

    it('sets the management on every membership', () => {
      expect(resources(json, 'google_gke_hub_feature_membership')).toEqual([
        {
          project: 'fleet-host',
          feature: `\${google_gke_hub_feature.${featureId(json)}.name}`,
          location: 'global',
          membership: 'alpha-membership',
          membership_location: 'us-central1',
          mesh: { management: 'MANAGEMENT_MANUAL' },
        },
      ]);
    });
  });

  it('takes MANAGEMENT_AUTOMATIC explicitly', () => {
    const stack = testStack();
    new FleetServiceMesh(stack, 'mesh', { ...BASE, management: 'MANAGEMENT_AUTOMATIC' });
    expect(resources(synth(stack), 'google_gke_hub_feature_membership').map((membership) => membership.mesh)).toEqual([
      { management: 'MANAGEMENT_AUTOMATIC' },
      { management: 'MANAGEMENT_AUTOMATIC' },
    ]);
  });

  describe('validation', () => {
    const build = (overrides: Partial<FleetServiceMeshProps>) => () => new FleetServiceMesh(scope(), 'mesh', { ...BASE, ...overrides });

    it('refuses two memberships with one name, by prop', () => {
      const membership = { name: 'alpha', membershipId: 'alpha', membershipLocation: 'us-central1' };
      expect(build({ memberships: [membership, membership] })).toThrow(
        new Error('FleetServiceMesh: props.memberships must have unique names, got alpha, alpha'),
      );
    });

    it('accepts the base props, and a single membership', () => {
      expect(build({})).not.toThrow();
      expect(build({ memberships: [BETA] })).not.toThrow();
    });

    it('refuses an empty membership list', () => {
      expect(build({ memberships: [] })).toThrow(new Error('FleetServiceMesh: props.memberships must list at least one cluster'));
    });

    it.each(['', 'Alpha', '1alpha', 'alpha-', '-alpha', 'alpha_2', 'alpha.b', 'a'.repeat(64)])('refuses membership name %j, naming its index', (name) => {
      expect(build({ memberships: [ALPHA, { ...BETA, name }] })).toThrow(
        new Error(`FleetServiceMesh: props.memberships[1].name must be an RFC 1035 label of at most 63 characters, got "${name}"`),
      );
      expect(build({ memberships: [{ ...ALPHA, name }, BETA] })).toThrow(
        new Error(`FleetServiceMesh: props.memberships[0].name must be an RFC 1035 label of at most 63 characters, got "${name}"`),
      );
    });

    it.each(['a', 'alpha-2', 'a'.repeat(63)])('accepts membership name %j', (name) => {
      expect(build({ memberships: [{ ...ALPHA, name }] })).not.toThrow();
    });
  });
});

import { TerraformOutput } from 'cdktf';
import { NODE_ROLES, NodeServiceAccount, type NodeServiceAccountProps } from '../../../lib/cluster/node-service-account';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

describe('NodeServiceAccount', () => {
  describe('with defaults', () => {
    let account: NodeServiceAccount;
    let json: SynthJson;
    let accountRef: string;

    beforeAll(() => {
      const stack = testStack();
      account = new NodeServiceAccount(stack, 'nodes', { project: 'mesh-project', accountId: 'mesh-alpha-nodes' });
      new TerraformOutput(stack, 'email', { value: account.email });
      json = synth(stack);
      accountRef = `google_service_account.${Object.keys(json.resource?.google_service_account ?? {})[0]}`;
    });

    it('creates one service account with the account ID and a default display name', () => {
      expect(resources(json, 'google_service_account')).toEqual([
        { project: 'mesh-project', account_id: 'mesh-alpha-nodes', display_name: 'GKE nodes of mesh-alpha-nodes' },
      ]);
    });

    it('grants the node role and Artifact Registry reader, and nothing else', () => {
      expect(NODE_ROLES).toEqual(['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader']);
      expect(
        resources(json, 'google_project_iam_member')
          .map((grant) => grant.role)
          .sort(),
      ).toEqual(['roles/artifactregistry.reader', 'roles/container.defaultNodeServiceAccount']);
      expect(Object.keys(json.resource ?? {}).sort()).toEqual(['google_project_iam_member', 'google_service_account']);
    });

    it('never grants a basic role', () => {
      for (const grant of resources(json, 'google_project_iam_member')) expect(grant.role).not.toMatch(/^roles\/(owner|editor|viewer)$/);
    });

    it("grants the roles to the account's own member, in the project", () => {
      expect(resourceAt(json, 'google_project_iam_member', 'nodes/container-defaultNodeServiceAccount')).toEqual({
        project: 'mesh-project',
        role: 'roles/container.defaultNodeServiceAccount',
        member: `\${${accountRef}.member}`,
      });
      expect(resourceAt(json, 'google_project_iam_member', 'nodes/artifactregistry-reader')).toEqual({
        project: 'mesh-project',
        role: 'roles/artifactregistry.reader',
        member: `\${${accountRef}.member}`,
      });
    });

    it('exposes the email and the grants', () => {
      expect(json.output?.email.value).toBe(`\${${accountRef}.email}`);
      expect(account.grants.map((grant) => grant.roleInput)).toEqual(['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader']);
    });
  });

  it('takes displayName and roles', () => {
    const stack = testStack();
    new NodeServiceAccount(stack, 'nodes', {
      project: 'mesh-project',
      accountId: 'mesh-alpha-nodes',
      displayName: 'Alpha nodes',
      roles: ['roles/logging.logWriter'],
    });
    const json = synth(stack);
    expect(resources(json, 'google_service_account')[0].display_name).toBe('Alpha nodes');
    expect(resources(json, 'google_project_iam_member').map((grant) => grant.role)).toEqual(['roles/logging.logWriter']);
  });

  describe('validation', () => {
    const build = (overrides: Partial<NodeServiceAccountProps>) => () =>
      new NodeServiceAccount(scope(), 'nodes', { project: 'p', accountId: 'mesh-nodes', ...overrides });

    it('refuses no roles, which would leave nodes unable to write logs', () => {
      expect(build({ roles: [] })).toThrow(
        new Error('NodeServiceAccount: props.roles must grant at least one role; nodes need roles/container.defaultNodeServiceAccount'),
      );
    });

    it('refuses a repeated role by prop', () => {
      expect(build({ roles: ['roles/logging.logWriter', 'roles/logging.logWriter'] })).toThrow(
        new Error('NodeServiceAccount: props.roles must not repeat a role, got roles/logging.logWriter, roles/logging.logWriter'),
      );
    });

    it.each(['roles/viewer', 'roles/Owner', 'ROLES/EDITOR'])('refuses the basic role %j in any case', (role) => {
      expect(build({ roles: [role] })).toThrow(new Error(`NodeServiceAccount: props.roles must not include the basic role ${role}`));
    });

    it.each(['nodes', 'a'.repeat(31), 'Mesh-nodes', '1mesh-nodes', 'mesh-nodes-', 'mesh_nodes', 'mesh.nodes', ''])('refuses accountId %j', (accountId) => {
      expect(build({ accountId })).toThrow(
        new Error(`NodeServiceAccount: props.accountId must be 6-30 lowercase letters, digits or hyphens, got "${accountId}"`),
      );
    });

    it.each(['nodesa', 'mesh-nodes-1', 'a'.repeat(30)])('accepts accountId %j', (accountId) => {
      expect(build({ accountId })).not.toThrow();
    });

    it.each(['roles/owner', 'roles/editor'])('refuses the basic role %s', (role) => {
      expect(build({ roles: ['roles/logging.logWriter', role] })).toThrow(new Error(`NodeServiceAccount: props.roles must not include the basic role ${role}`));
    });

    it('accepts predefined roles', () => {
      expect(build({ roles: ['roles/logging.logWriter', 'roles/monitoring.metricWriter'] })).not.toThrow();
    });
  });
});

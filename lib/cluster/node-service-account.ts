import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Construct } from 'constructs';
import { serviceAccountId } from '../core/rules';
import { check, requireProp } from '../core/validate';

/**
 * What nodes need and nothing more: write logs and metrics (the predefined node role) and pull
 * images from the project's Artifact Registry. Never the Compute Engine default account, which
 * has Editor on the project.
 */
export const NODE_ROLES = ['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader'];

export interface NodeServiceAccountProps {
  readonly project: string;
  /** 6-30 characters: lowercase letters, digits, hyphens. */
  readonly accountId: string;
  /** @default "GKE nodes of <accountId>" */
  readonly displayName?: string;
  /**
   * Project roles granted to the account.
   * @default NODE_ROLES
   */
  readonly roles?: readonly string[];
}

/** A dedicated, least-privilege service account for a cluster's nodes. */
export class NodeServiceAccount extends Construct {
  public readonly account: ServiceAccount;
  public readonly email: string;
  /** The role grants, for `dependsOn`: nodes should boot with their permissions in place. */
  public readonly grants: readonly ProjectIamMember[];

  constructor(scope: Construct, id: string, props: NodeServiceAccountProps) {
    super(scope, id);
    check('NodeServiceAccount', 'accountId', props.accountId, serviceAccountId);
    const roles = props.roles ?? NODE_ROLES;
    requireProp(roles.length > 0, 'NodeServiceAccount', 'roles', 'must grant at least one role; nodes need roles/container.defaultNodeServiceAccount');
    requireProp(new Set(roles).size === roles.length, 'NodeServiceAccount', 'roles', `must not repeat a role, got ${roles.join(', ')}`);
    for (const role of roles) {
      requireProp(!/^roles\/(owner|editor|viewer)$/i.test(role), 'NodeServiceAccount', 'roles', `must not include the basic role ${role}`);
    }
    this.account = new ServiceAccount(this, 'account', {
      project: props.project,
      accountId: props.accountId,
      displayName: props.displayName ?? `GKE nodes of ${props.accountId}`,
    });
    this.email = this.account.email;
    this.grants = roles.map(
      (role) =>
        new ProjectIamMember(this, role.replace(/^roles\//, '').replace(/\./g, '-'), {
          project: props.project,
          role,
          member: this.account.member,
        }),
    );
  }
}

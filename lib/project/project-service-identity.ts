import { type ITerraformDependable, type TerraformProvider, TerraformResource } from 'cdktf';
import { type Construct } from 'constructs';
import { requireApi } from '../core/prerequisites';
import { projectId } from '../core/rules';
import { check, requireProp } from '../core/validate';

/** The google provider release @cdktf/provider-google 16.12.1 binds; google-beta is pinned to it. */
export const GOOGLE_PROVIDER_VERSION = '6.50.0';

export interface ProjectServiceIdentityProps {
  /** A {@link GoogleBetaProvider}: the resource exists only in google-beta. */
  readonly provider: TerraformProvider;
  readonly project: string;
  /** The API whose service agent to create, such as `gkehub.googleapis.com`. */
  readonly service: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * `google_project_service_identity`: creates a service's agent now rather than on its first use,
 * so grants to it do not fail with "does not exist". Beta-only in provider 6.50.0, hence a
 * hand-written binding of its two inputs and `email`. Destroy only forgets it: agents stay.
 */
export class ProjectServiceIdentity extends TerraformResource {
  /** The agent's email, `service-<number>@gcp-sa-<service>.iam.gserviceaccount.com`. */
  public readonly email: string;
  /** `serviceAccount:<email>`, for IAM members. */
  public readonly member: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ProjectServiceIdentityProps,
  ) {
    super(scope, id, {
      terraformResourceType: 'google_project_service_identity',
      terraformGeneratorMetadata: { providerName: 'google-beta', providerVersion: GOOGLE_PROVIDER_VERSION },
      provider: props.provider,
      dependsOn: props.dependsOn,
    });
    check('ProjectServiceIdentity', 'project', props.project, projectId);
    requireProp(
      /^[a-z0-9-]+(\.[a-z0-9-]+)*\.googleapis\.com$/.test(props.service),
      'ProjectServiceIdentity',
      'service',
      `must be an API name, got "${props.service}"`,
    );
    requireApi(this, props.project, props.service);
    this.email = this.getStringAttribute('email');
    this.member = `serviceAccount:${this.email}`;
  }

  /** Read by {@link Prerequisites}: the project it creates the agent in. */
  public get projectInput(): string {
    return this.props.project;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { project: this.props.project, service: this.props.service };
  }
}

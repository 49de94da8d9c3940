import { TerraformProvider } from 'cdktf';
import { type Construct } from 'constructs';
import { GOOGLE_PROVIDER_VERSION } from './project-service-identity';

export interface GoogleBetaProviderProps {
  /** The default project. */
  readonly project: string;
  /** The default region. */
  readonly region: string;
}

/**
 * The hashicorp/google-beta provider, for the few beta-only resources the app needs. Written by
 * hand rather than adding @cdktf/provider-google-beta (another 1,500 generated modules): the
 * app uses one beta resource, {@link ProjectServiceIdentity}. Pinned to the google provider's
 * version, as the two are released together.
 */
export class GoogleBetaProvider extends TerraformProvider {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: GoogleBetaProviderProps,
  ) {
    super(scope, id, {
      terraformResourceType: 'google-beta',
      terraformGeneratorMetadata: { providerName: 'google-beta', providerVersion: GOOGLE_PROVIDER_VERSION, providerVersionConstraint: GOOGLE_PROVIDER_VERSION },
      terraformProviderSource: 'hashicorp/google-beta',
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { project: this.props.project, region: this.props.region };
  }
}

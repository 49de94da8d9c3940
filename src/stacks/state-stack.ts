import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ProjectServices } from '../../lib/project/project-services';
import { StateBucket } from '../../lib/project/state-bucket';
import type { MeshConfig, StateConfig } from '../config/types';

export interface StateStackProps {
  readonly config: MeshConfig;
  readonly state: Extract<StateConfig, { backend: 'gcs' }>;
}

/**
 * The hardened Cloud Storage bucket every other stack keeps its state in. Deployed once, first
 * (`cdktf deploy state`): the other stacks' `terraform init` needs the bucket to exist.
 */
export class StateStack extends TerraformStack {
  public readonly bucket: StateBucket;

  constructor(scope: Construct, id: string, props: StateStackProps) {
    super(scope, id);
    const { config, state } = props;
    new GoogleProvider(this, 'google', { project: state.project, region: config.region });
    // The platform stack enables neither API, so no API is managed by two stacks.
    const apis = new ProjectServices(this, 'apis', {
      project: state.project,
      services: ['storage.googleapis.com', ...(state.kmsKeyName ? ['cloudkms.googleapis.com'] : [])],
    });
    this.bucket = new StateBucket(this, 'bucket', {
      project: state.project,
      name: state.bucket,
      location: state.location,
      kmsKeyName: state.kmsKeyName,
      dependsOn: [...apis.enabled],
    });
    new TerraformOutput(this, 'bucket_name', {
      description: 'The bucket every other stack keeps its state in, each under <prefix>/<stack>.',
      value: this.bucket.bucketName,
    });
  }
}

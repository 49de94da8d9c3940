import * as path from 'path';
import { AssetType, type ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { TerraformData } from './terraform-data';
import { requireProp } from './validate';

const TEARDOWN_SCRIPT = path.join(__dirname, 'teardown.sh');

/** What each step of lib/core/teardown.sh reads, as input keys (the script sees them as TD_<KEY>). */
export const TEARDOWN_STEP_INPUTS = {
  /** After the clusters, before the subnets and the VPC: no load balancer object of GKE's left on the VPC. */
  'network-clean': ['network', 'network_project', 'projects'],
  /** After Cloud SQL, before the reserved range and the VPC: the private services peering gone. */
  'service-peering': ['network', 'network_project'],
  /** Before the fleet membership's mesh config and the feature: manual management, no controlplanerevision. */
  'managed-mesh': ['fleet_project', 'membership', 'membership_location', 'project', 'cluster', 'location', 'private_endpoint'],
} as const;

export type TeardownStepName = keyof typeof TEARDOWN_STEP_INPUTS;

export interface TeardownStepProps {
  readonly step: TeardownStepName;
  /** Exactly the keys TEARDOWN_STEP_INPUTS lists for the step. A network is its name or self link. */
  readonly input: Readonly<Record<string, string>>;
  /**
   * What the step must outlive. Terraform destroys in reverse dependency order, so the step runs
   * after whatever depends on it is gone and before what it depends on goes.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One step of the teardown `cdktf destroy` carries out: a `terraform_data` with nothing to create
 * and a destroy-time provisioner. Such a provisioner may read only `self`, so the step's inputs are
 * stored in state as the resource's input. Every wait in the script is bounded
 * (TEARDOWN_WAIT_SECONDS) and fails naming what is left and the command that removes it.
 */
export class TeardownStep extends Construct {
  public readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: TeardownStepProps) {
    super(scope, id);
    const expected: readonly string[] = TEARDOWN_STEP_INPUTS[props.step] ?? [];
    requireProp(expected.length > 0, 'TeardownStep', 'step', `must be one of ${Object.keys(TEARDOWN_STEP_INPUTS).join(', ')}, got "${props.step}"`);
    const given = Object.keys(props.input).sort();
    requireProp(
      given.join(' ') === [...expected].sort().join(' '),
      'TeardownStep',
      'input',
      `for step ${props.step} must have exactly the keys ${expected.join(', ')}, got ${given.join(', ') || 'none'}`,
    );
    for (const key of expected) requireProp(props.input[key] !== '', 'TeardownStep', `input.${key}`, 'must not be empty');

    const script = new TerraformAsset(this, 'script', { path: TEARDOWN_SCRIPT, type: AssetType.FILE });
    this.resource = new TerraformData(this, 'step', {
      input: props.input,
      dependsOn: props.dependsOn,
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          command: `bash ${script.path} ${props.step}`,
          environment: Object.fromEntries(expected.map((key) => [`TD_${key.toUpperCase()}`, `\${self.input.${key}}`])),
        },
      ],
    });
  }
}

import { Construct } from 'constructs';
import { type AsmInstall } from './asm-install';
import { TerraformData } from '../core/terraform-data';
import { requireLabel, requireProp } from '../core/validate';

export interface AsmRevisionRetirementProps {
  /** The serving install, in the same cluster; the retirement runs after it. */
  readonly serving: AsmInstall;
  /** The earlier revision to remove, for example `asm-1279-3`. */
  readonly revision: string;
}

/**
 * Removes an earlier in-cluster revision, the second step of a canary upgrade. A new revision
 * installs beside the old one (AsmInstall); this removes the old one's webhooks and istiod once
 * nothing uses it. The installer refuses while any namespace or pod is labelled with the
 * revision, which fails the apply and leaves the resource tainted, so the next apply tries again.
 */
export class AsmRevisionRetirement extends Construct {
  public readonly resource: TerraformData;
  public readonly revision: string;

  constructor(scope: Construct, id: string, props: AsmRevisionRetirementProps) {
    super(scope, id);
    requireLabel(props.revision, 63, 'AsmRevisionRetirement', 'revision');
    requireProp(
      props.revision !== props.serving.revision,
      'AsmRevisionRetirement',
      'revision',
      `is the serving revision ${props.serving.revision}; only an earlier revision can be retired`,
    );
    this.revision = props.revision;
    const target = props.serving.target;
    this.resource = new TerraformData(this, 'retire', {
      triggersReplace: { cluster: props.serving.triggers.cluster, revision: props.revision },
      // The serving revision is installed (in this apply too) before the old one goes.
      dependsOn: [props.serving.applyResource],
      provisioners: [
        {
          type: 'local-exec',
          command: `bash ${props.serving.scriptPath} retire`,
          environment: { ...target, ASM_REVISION: props.revision, ASM_SERVING_REVISION: target.ASM_REVISION },
        },
      ],
    });
  }
}

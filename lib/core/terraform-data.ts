import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, type TerraformMetaArguments, TerraformResource } from 'cdktf';
import { type Construct } from 'constructs';

export interface TerraformDataConfig extends TerraformMetaArguments {
  /** Stored in state and reflected in `output`; destroy-time provisioners read it as `self.input`. @default none */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Any change replaces the resource, re-running its create-time provisioners. @default none */
  readonly triggersReplace?: Readonly<Record<string, unknown>>;
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform >= 1.4).
 *
 * cdktf's own `DataResource` runs `terraform version` while synthesizing to check that
 * minimum, which makes synth fail on a machine without Terraform (and costs a process spawn).
 * This emits the same JSON without that check; Terraform itself enforces it at deploy.
 */
export class TerraformData extends TerraformResource {
  public static readonly tfResourceType = 'terraform_data';
  private readonly inputValue?: Readonly<Record<string, unknown>>;
  private readonly triggersValue?: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      terraformGeneratorMetadata: { providerName: 'terraform' },
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.inputValue = config.input;
    this.triggersValue = config.triggersReplace;
  }

  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this.inputValue),
      triggers_replace: hashMapper(anyToTerraform)(this.triggersValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this.inputValue),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggersValue),
    };
  }
}

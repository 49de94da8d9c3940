import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AssetType, type ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { TerraformData } from '../core/terraform-data';
import { asmcliVersion, sha256Digest } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';

/** The installer script, for the other steps Terraform runs with it (restarts). */
export const INSTALL_SCRIPT = path.join(__dirname, 'asm-install.sh');

/** An asmcli release line (`1.28`) or full version (`1.28.5-asm.12+config1`); it ends up in the download URL. */

export interface AsmOverlay {
  /** Absolute path of the IstioOperator overlay file. */
  readonly file: string;
}

export interface AsmInstallProps {
  /** The cluster's project. */
  readonly project: string;
  readonly clusterName: string;
  readonly clusterLocation: string;
  /** The fleet host project (`--fleet_id`). @default project */
  readonly fleetProject?: string;
  /** `proj-<fleet project number>`, filled into the identity overlay. */
  readonly meshId: string;
  /** The Istio network of the cluster: the VPC name, shared by every cluster on it. */
  readonly network: string;
  /** The `istio.io/rev` revision the install creates (`--revision_name`). */
  readonly revision: string;
  /** asmcli release to download, for example `1.28`. */
  readonly asmcliVersion: string;
  /**
   * Expected SHA-256 of the download.
   * @default the digest Google publishes beside asmcli
   */
  readonly asmcliSha256?: string;
  /** Overlays, applied in order with `--custom_overlay`. @default none */
  readonly overlays?: readonly AsmOverlay[];
  /**
   * Trust domains accepted as this mesh's own: every project's Workload Identity pool when the
   * mesh spans projects. Installed as `meshConfig.trustDomainAliases`.
   * @default none
   */
  readonly trustDomainAliases?: readonly string[];
  /** Packaged options, each passed as `--option`. @default none */
  readonly options?: readonly string[];
  /** Reach the control plane on its private endpoint. @default false */
  readonly usePrivateEndpoint?: boolean;
  /**
   * What tells this cluster from an earlier one of the same name, such as its CA certificate: a
   * change replaces the install, so a recreated cluster gets its control plane in the next apply
   * (a CA rotation re-runs asmcli in place, which is harmless).
   * @default none: a cluster recreated under the same name is not noticed
   */
  readonly clusterIdentity?: string;
  /** What must exist first, such as the istio-system namespace. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** The install's `terraform_data` input: the cluster and revision asmcli targets, kept for the uninstall. */
// A type, not an interface: it must be assignable to terraform_data's record-typed input.
export type AsmInstallTarget = {
  readonly ASM_PROJECT: string;
  readonly ASM_CLUSTER: string;
  readonly ASM_LOCATION: string;
  readonly ASM_REVISION: string;
  readonly ASM_PRIVATE_ENDPOINT: string;
};

/**
 * Installs one in-cluster ASM control plane revision with asmcli, as two `terraform_data`:
 * - `install` is the revision itself. It changes only with the cluster (also one recreated under
 *   the same name, see `clusterIdentity`) or the revision, and only
 *   its plain destroy (`cdktf destroy`) uninstalls. Replaced, it is created before the old one is
 *   deposed, and Terraform runs no destroy-time provisioner for a deposed object: a new revision
 *   installs beside the one serving, which stays until it is retired (AsmRevisionRetirement).
 * - `apply` runs `asmcli install` for that revision, and again, in place, whenever the asmcli
 *   version or digest, an option, an overlay or the installer changes. It removes nothing.
 */
export class AsmInstall extends Construct {
  /** The revision's lifecycle: its destroy uninstalls the revision. */
  public readonly resource: TerraformData;
  /** The install run, replaced (re-run in place) on every input change. */
  public readonly applyResource: TerraformData;
  /** The `istio.io/rev` label workloads use. */
  public readonly revision: string;
  /** The command Terraform runs, relative to the stack's folder. */
  public readonly installCommand: string;
  /** The script asset, for other steps of the same installer (retirement). */
  public readonly scriptPath: string;
  /** The cluster and revision, as the installer reads them. */
  public readonly target: AsmInstallTarget;
  /**
   * What re-runs the install, in place, when it changes: everything the installed control plane
   * depends on, but not how Terraform reaches the cluster.
   */
  public readonly triggers: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AsmInstallProps) {
    super(scope, id);
    requireLabel(props.clusterName, 40, 'AsmInstall', 'clusterName');
    requireLabel(props.revision, 63, 'AsmInstall', 'revision');
    check('AsmInstall', 'asmcliVersion', props.asmcliVersion, asmcliVersion);
    if (props.asmcliSha256 !== undefined) check('AsmInstall', 'asmcliSha256', props.asmcliSha256, sha256Digest);
    const overlays = props.overlays ?? [];
    overlays.forEach((overlay, index) => requireProp(fs.existsSync(overlay.file), 'AsmInstall', `overlays[${index}].file`, `does not exist: ${overlay.file}`));
    const options = props.options ?? [];
    options.forEach((option, index) => requireLabel(option, 63, 'AsmInstall', `options[${index}]`));
    const aliases = props.trustDomainAliases ?? [];
    aliases.forEach((alias, index) =>
      requireProp(
        /^[a-z][-a-z0-9.]*[a-z0-9]$/.test(alias),
        'AsmInstall',
        `trustDomainAliases[${index}]`,
        `must be a trust domain such as my-project.svc.id.goog, got "${alias}"`,
      ),
    );
    this.revision = props.revision;

    const script = new TerraformAsset(this, 'script', { path: INSTALL_SCRIPT, type: AssetType.FILE });
    const overlayAssets = overlays.map((overlay, index) => new TerraformAsset(this, `overlay-${index}`, { path: overlay.file, type: AssetType.FILE }));
    this.scriptPath = script.path;
    this.installCommand = ['bash', script.path, 'install', ...overlayAssets.map((asset) => asset.path)].join(' ');

    this.triggers = {
      cluster: `${props.project}/${props.clusterLocation}/${props.clusterName}`,
      // Filled into the overlays, so the installed control plane depends on them too.
      fleet: props.fleetProject ?? props.project,
      mesh_id: props.meshId,
      network: props.network,
      asmcli_version: props.asmcliVersion,
      asmcli_sha256: props.asmcliSha256 ?? 'published',
      revision: props.revision,
      options: options.join(' '),
      ...(aliases.length > 0 ? { trust_domain_aliases: aliases.join(' ') } : {}),
      installer_sha256: sha256(fs.readFileSync(INSTALL_SCRIPT)),
      ...Object.fromEntries(overlays.map((overlay, index) => [`overlay_${index}_${path.basename(overlay.file)}`, sha256(fs.readFileSync(overlay.file))])),
    };

    // ASM_* names: asmcli reads PROJECT_ID, CLUSTER_NAME and others from its environment.
    const target: AsmInstallTarget = (this.target = {
      ASM_PROJECT: props.project,
      ASM_CLUSTER: props.clusterName,
      ASM_LOCATION: props.clusterLocation,
      ASM_REVISION: props.revision,
      ASM_PRIVATE_ENDPOINT: String(props.usePrivateEndpoint ?? false),
    });
    // Keeps the address older versions of this app gave the install, so upgrading the app
    // replaces it create-before-destroy (no uninstall) instead of adding a second revision.
    this.resource = new TerraformData(this, 'install', {
      // Destroy-time provisioners may only read `self`: keep what uninstall needs here.
      input: target,
      triggersReplace: {
        cluster: this.triggers.cluster,
        revision: props.revision,
        ...(props.clusterIdentity !== undefined ? { cluster_identity: props.clusterIdentity } : {}),
      },
      dependsOn: props.dependsOn,
      lifecycle: { createBeforeDestroy: true },
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          command: `bash ${script.path} uninstall`,
          environment: Object.fromEntries(Object.keys(target).map((key) => [key, `\${self.input.${key}}`])),
        },
      ],
    });
    this.applyResource = new TerraformData(this, 'apply', {
      // The revision's ID: a new revision object (a new revision) re-runs the install too.
      triggersReplace: { ...this.triggers, revision_id: this.resource.id },
      lifecycle: { createBeforeDestroy: true },
      provisioners: [
        {
          type: 'local-exec',
          command: this.installCommand,
          environment: {
            ...target,
            ASM_FLEET_PROJECT: props.fleetProject ?? props.project,
            ASM_MESH_ID: props.meshId,
            ASM_NETWORK: props.network,
            ASM_ASMCLI_VERSION: props.asmcliVersion,
            ASM_ASMCLI_SHA256: props.asmcliSha256 ?? '',
            ASM_OPTIONS: options.join(' '),
            ...(aliases.length > 0 ? { ASM_TRUST_DOMAIN_ALIASES: aliases.join(' ') } : {}),
          },
        },
      ],
    });
  }
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

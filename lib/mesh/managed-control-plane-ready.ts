import * as path from 'path';
import { AssetType, type ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { TerraformData } from '../core/terraform-data';
import { requireLabel, requireProp } from '../core/validate';

const WAIT_SCRIPT = path.join(__dirname, 'managed-mesh-ready.sh');

export interface ManagedControlPlaneReadyProps {
  /** The fleet host project, whose servicemesh feature reports the membership's state. */
  readonly fleetProject: string;
  /** The fleet membership ID (`fleet[0].membership_id`). */
  readonly membershipId: string;
  /** Its location (`fleet[0].membership_location`). */
  readonly membershipLocation: string;
  /** The cluster's project, name and location, for its credentials. */
  readonly project: string;
  readonly clusterName: string;
  readonly clusterLocation: string;
  /** Reach the control plane on its private endpoint. @default false */
  readonly usePrivateEndpoint?: boolean;
  /** CRDs that must be Established before this counts as ready. @default none */
  readonly crds?: readonly string[];
  /** ConfigMaps in istio-system to create when provisioning did not. @default none */
  readonly configMaps?: readonly string[];
  /** How long to wait before failing the apply. @default 1200 (20 minutes) */
  readonly timeoutSeconds?: number;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Waits, at apply time, until Google has provisioned a cluster's managed control plane: the
 * fleet reports it ACTIVE and the listed Istio CRDs are Established. Without it the first
 * `cdktf deploy '*'` fails planning the next stack's Istio resources. Fails with the last
 * reported state after `timeoutSeconds`.
 */
export class ManagedControlPlaneReady extends Construct {
  public readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: ManagedControlPlaneReadyProps) {
    super(scope, id);
    requireLabel(props.clusterName, 40, 'ManagedControlPlaneReady', 'clusterName');
    const timeout = props.timeoutSeconds ?? 1200;
    requireProp(
      Number.isInteger(timeout) && timeout >= 60 && timeout <= 3600,
      'ManagedControlPlaneReady',
      'timeoutSeconds',
      `must be a whole number of seconds from 60 to 3600, got ${timeout}`,
    );
    const crds = props.crds ?? [];
    crds.forEach((crd, index) =>
      requireProp(
        /^[a-z0-9]+\.[a-z0-9.-]+$/.test(crd),
        'ManagedControlPlaneReady',
        `crds[${index}]`,
        `must be a CRD name such as gateways.networking.istio.io, got "${crd}"`,
      ),
    );
    const configMaps = props.configMaps ?? [];
    configMaps.forEach((name, index) => requireLabel(name, 63, 'ManagedControlPlaneReady', `configMaps[${index}]`));

    const script = new TerraformAsset(this, 'script', { path: WAIT_SCRIPT, type: AssetType.FILE });
    this.resource = new TerraformData(this, 'wait', {
      // Replaced, and so re-run, when the cluster or what it waits for changes.
      triggersReplace: {
        membership: `${props.fleetProject}/${props.membershipLocation}/${props.membershipId}`,
        crds: crds.join(' '),
        config_maps: configMaps.join(' '),
      },
      dependsOn: props.dependsOn,
      provisioners: [
        {
          type: 'local-exec',
          command: `bash ${script.path}`,
          environment: {
            MCP_FLEET_PROJECT: props.fleetProject,
            MCP_MEMBERSHIP: props.membershipId,
            MCP_MEMBERSHIP_LOCATION: props.membershipLocation,
            MCP_PROJECT: props.project,
            MCP_CLUSTER: props.clusterName,
            MCP_LOCATION: props.clusterLocation,
            MCP_PRIVATE_ENDPOINT: String(props.usePrivateEndpoint ?? false),
            MCP_CRDS: crds.join(' '),
            MCP_CONFIG_MAPS: configMaps.join(' '),
            MCP_TIMEOUT_SECONDS: String(timeout),
          },
        },
      ],
    });
  }
}

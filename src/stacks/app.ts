import { type App } from 'cdktf';
import type { MeshConfig } from '../config/types';
import { MeshStack } from './mesh-stack';
import { PlatformStack } from './platform-stack';
import * as loadFeature from '../features/load';
import { STATE_STACK, useStateBackend } from './state-backend';
import type { StateStack } from './state-stack';
import { WorkloadsStack } from './workloads-stack';

export interface MeshApp {
  /** Present when `state.bucket` is set. */
  readonly state?: StateStack;
  readonly platform: PlatformStack;
  readonly mesh: MeshStack;
  readonly workloads: WorkloadsStack;
}

/**
 * Adds every stack of the mesh to `app`, in deployment order. Stacks hand each other only
 * names and locations (from the config); consumers read the rest through data sources.
 * The state stack has no dependants on purpose: `cdktf deploy` runs `terraform init` for every
 * stack it deploys before applying any, so the bucket must exist before the others are deployed
 * at all (README: remote state), and a dependency would only make `cdktf deploy platform` refuse.
 */
export function buildApp(app: App, config: MeshConfig): MeshApp {
  const state = config.state.backend === 'gcs' ? new (loadFeature.remoteState().StateStack)(app, STATE_STACK, { config, state: config.state }) : undefined;
  const platform = new PlatformStack(app, 'platform', { config });
  const mesh = new MeshStack(app, 'mesh', { config });
  mesh.addDependency(platform);
  const workloads = new WorkloadsStack(app, 'workloads', { config });
  workloads.addDependency(mesh);
  const stacks = { platform, mesh, workloads, ...(state ? { [STATE_STACK]: state } : {}) };
  for (const [name, stack] of Object.entries(stacks)) useStateBackend(stack, name, config.state);
  return { state, platform, mesh, workloads };
}

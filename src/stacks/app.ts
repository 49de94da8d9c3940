import { type App } from 'cdktf';
import type { MeshConfig } from '../config/types';
import { MeshStack } from './mesh-stack';
import { PlatformStack } from './platform-stack';
import { WorkloadsStack } from './workloads-stack';

export interface MeshApp {
  readonly platform: PlatformStack;
  readonly mesh: MeshStack;
  readonly workloads: WorkloadsStack;
}

/**
 * Adds every stack of the mesh to `app`, in deployment order. Stacks hand each other only
 * names and locations (from the config); consumers read the rest through data sources.
 */
export function buildApp(app: App, config: MeshConfig): MeshApp {
  const platform = new PlatformStack(app, 'platform', { config });
  const mesh = new MeshStack(app, 'mesh', { config });
  mesh.addDependency(platform);
  const workloads = new WorkloadsStack(app, 'workloads', { config });
  workloads.addDependency(mesh);
  return { platform, mesh, workloads };
}

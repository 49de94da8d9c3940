import { App } from 'cdktf';
import type { MeshConfig } from './config';
import { PlatformStack } from './stacks/platform-stack';

export interface MeshApp {
  readonly platform: PlatformStack;
}

/** Adds every stack of the mesh to `app`, wired in deployment order. */
export function buildApp(app: App, config: MeshConfig): MeshApp {
  const platform = new PlatformStack(app, 'platform', { config });
  return { platform };
}

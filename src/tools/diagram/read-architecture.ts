import type { SynthesizedStack } from '../../../lib/core/synthesized-stack';
import { AppBlocks } from './app-blocks';
import type { ArchitectureModel } from './model';
import { readIntegrations } from './read-integrations';
import { readMesh } from './read-mesh';
import { readNetwork } from './read-network';

/**
 * What the diagram shows, read from the synthesized stacks (`{ stackName: stack }`), never from
 * the config: the picture shows what `cdktf synth` will actually build. Kubernetes objects are
 * placed in a cluster through their provider alias, whose host comes from a
 * `google_container_cluster` data source naming the cluster.
 */
export function readArchitecture(stacks: Readonly<Record<string, SynthesizedStack>>): ArchitectureModel {
  const app = new AppBlocks(stacks);
  return { ...readNetwork(app), ...readMesh(app), ...readIntegrations(app) };
}

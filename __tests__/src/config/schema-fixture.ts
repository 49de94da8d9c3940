/**
 * The Kubernetes and Istio objects of four synthesized configs, converted from the Terraform JSON
 * (__tests__/support/kubernetes-objects.ts), shared by the schema*.test.ts files.
 */
import { loadConfig, type MeshConfig } from '../../../src/config/load';
import * as path from 'path';
import { config, REPO_ROOT, TWO_CLUSTERS, DEFAULT_FIXTURE } from '../../helpers';
import { synthAll } from '../../app-helpers';
import { type KubernetesObject, type KubernetesObjectEntry, kubernetesObjects } from '../../support/kubernetes-objects';

const THREE_CLUSTERS = `
project: test-project
region: us-central1
clusters:
  - name: alpha
  - name: beta
  - name: gamma
authorizedNetworks:
  - { cidr: 203.0.113.0/24, name: admin }
`;

const MANAGED = `${TWO_CLUSTERS}asm:
  mode: managed
`;

export const STACKS = ['platform', 'mesh', 'workloads'] as const;

const CONFIGS: Record<string, () => MeshConfig> = {
  default: () => loadConfig(DEFAULT_FIXTURE),
  'three clusters': () => config(THREE_CLUSTERS),
  'managed ASM': () => config(MANAGED),
  'all features (Cloud SQL, Prisma Cloud)': () => loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml')),
};

interface Case extends KubernetesObjectEntry {
  readonly name: string;
}

export const synthesized = Object.fromEntries(Object.entries(CONFIGS).map(([name, load]) => [name, synthAll(load())]));

export const cases: Case[] = Object.entries(synthesized).flatMap(([configName, stacks]) =>
  STACKS.flatMap((stack) =>
    kubernetesObjects(stacks[stack]).map((entry) => ({
      ...entry,
      name: `${configName} / ${stack}: ${entry.address} (${entry.object.apiVersion} ${entry.object.kind})`,
    })),
  ),
);

export const kindOf = (object: KubernetesObject): string => `${object.apiVersion}/${object.kind}`;

const clone = <T>(value: T): T => structuredClone(value);

/** A converted object of the default config, by API kind and name, to mutate. */
export function defaultObject(kind: string, name: string): KubernetesObject {
  const found = cases.find((c) => c.name.startsWith('default /') && kindOf(c.object) === kind && c.object.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the default config`);
  return clone(found.object);
}

type PodSpec = { containers: Array<{ name?: string; ports?: Array<{ containerPort: unknown }> }> };
export const podSpec = (deployment: KubernetesObject) => (deployment.spec as { template: { spec: PodSpec } }).template.spec;

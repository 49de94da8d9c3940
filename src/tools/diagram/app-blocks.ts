import { type Block, type BlockConfig, firstBlock, type SynthesizedStack } from '../../../lib/core/synthesized-stack';

/** A block and the stack it is in. */
export interface StackBlock extends Block {
  readonly stack: SynthesizedStack;
  readonly stackName: string;
}

/**
 * The blocks of every stack of an app, for the diagram's readers: by type, sorted by stack and
 * name so the picture does not depend on synthesis order.
 */
export class AppBlocks {
  private readonly stackNames: readonly string[];

  constructor(private readonly stacks: Readonly<Record<string, SynthesizedStack>>) {
    this.stackNames = Object.keys(stacks).sort();
  }

  public resources(type: string): StackBlock[] {
    return this.stackNames
      .flatMap((stackName) => this.stacks[stackName].resources(type).map((block) => ({ ...block, stack: this.stacks[stackName], stackName })))
      .sort((a, b) => compare(`${a.stackName}/${a.name}`, `${b.stackName}/${b.name}`));
  }

  /** The cluster a kubernetes block talks to: provider alias → host → `data.google_container_cluster` → name. */
  public clusterOf(block: StackBlock): string | undefined {
    if (!str(block.config.provider)?.startsWith('kubernetes.')) return undefined;
    const configuration = block.stack.providerOf(block);
    if (!configuration) return undefined;
    return this.clusterNameIn(block.stack, configuration.host) ?? str(configuration.alias);
  }

  /** The `name` of the `google_container_cluster` data source an expression reads. */
  public clusterNameIn(stack: SynthesizedStack, value: unknown): string | undefined {
    return str(stack.referencedBlock(value, 'data.google_container_cluster')?.config.name);
  }
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byName(a: { name: string }, b: { name: string }): number {
  return compare(a.name, b.name);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A kubernetes object's metadata labels (typed resources and manifests alike). */
export function labelsOf(config: BlockConfig): Record<string, string> {
  return (firstBlock(config.metadata)?.labels ?? {}) as Record<string, string>;
}

export function annotationsOf(config: BlockConfig): Record<string, string> {
  return (firstBlock(config.metadata)?.annotations ?? {}) as Record<string, string>;
}

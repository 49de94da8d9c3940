import { type Block, referencedAddresses, SynthesizedStack, type TerraformJson } from './synthesized-stack';

/**
 * A reference in one stack's JSON that cannot be read as a reference within that stack:
 * Terraform plans each stack alone, and cdktf's `app.synth()` would have rewritten it into a
 * remote-state lookup of another stack.
 */
export interface CrossStackReference {
  /** The stack whose JSON holds the reference. */
  readonly stack: string;
  /** Where in that stack: a block's address, or a section (`provider.google`, `output.x`, `locals`, `import`). */
  readonly from: string;
  /** `type.name`, `data.type.name`, `var.name`, `local.name` or `module.name`. */
  readonly address: string;
  /** Why it is refused. */
  readonly reason: string;
}

/**
 * Every reference (a `${...}` expression or a `depends_on` entry, anywhere in a stack's JSON)
 * to something its own stack does not declare but another does, and every reference to an
 * address several stacks declare, unless each of them declares the same data source: same
 * arguments, same provider configuration. Such a data source reads the same in either stack, so
 * a reference to it is right whichever copy it meant; any other shared address could be
 * another stack's block under the same name, which the JSON cannot tell apart.
 */
export function crossStackReferences(stacks: ReadonlyMap<string, TerraformJson>): CrossStackReference[] {
  const parsed = [...stacks].map(([name, json]) => ({ name, stack: new SynthesizedStack(json) }));
  const declarations = new Map<string, { stack: string; copy: string | undefined }[]>();
  for (const { name, stack } of parsed) {
    for (const [address, copy] of declared(stack)) declarations.set(address, [...(declarations.get(address) ?? []), { stack: name, copy }]);
  }
  const problems: CrossStackReference[] = [];
  for (const { name, stack } of parsed) {
    for (const [from, value, dependsOn] of places(stack)) {
      for (const address of new Set([...referencedAddresses(value), ...dependsOn])) {
        const copies = declarations.get(address) ?? [];
        const others = copies.filter((copy) => copy.stack !== name).map((copy) => copy.stack);
        if (others.length === 0) continue;
        if (copies.length === others.length) {
          problems.push({ stack: name, from, address, reason: `only stack ${others.join(', ')} declares it` });
        } else if (copies.some((copy) => copy.copy === undefined || copy.copy !== copies[0].copy)) {
          problems.push({
            stack: name,
            from,
            address,
            reason: `stack ${others.join(', ')} declares it too, and not as the same data source: the reference could mean either`,
          });
        }
      }
    }
  }
  return problems;
}

/** What a stack declares, by address; for a data source, its arguments and provider configuration as text to compare. */
function declared(stack: SynthesizedStack): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const block of stack.blocks()) found.set(block.address, block.kind === 'data' ? canonical([block.config, stack.providerOf(block) ?? null]) : undefined);
  for (const [section, prefix] of [
    ['variable', 'var'],
    ['locals', 'local'],
    ['module', 'module'],
  ] as const) {
    for (const name of Object.keys(objectOrEmpty(stack.json[section]))) found.set(`${prefix}.${name}`, undefined);
  }
  return found;
}

/** Where references can be: each block (with its depends_on), then every other section of the JSON. */
function places(stack: SynthesizedStack): [from: string, value: unknown, dependsOn: readonly string[]][] {
  const found: [string, unknown, readonly string[]][] = stack.blocks().map((block: Block) => [block.address, block.config, stack.dependsOn(block)]);
  for (const [section, value] of Object.entries(stack.json)) {
    if (section === 'resource' || section === 'data' || section === '//') continue;
    if (Array.isArray(value) || section === 'locals') found.push([section, value, []]);
    else for (const [name, body] of Object.entries(objectOrEmpty(value))) found.push([`${section}.${name}`, body, dependsOnOf(body)]);
  }
  return found;
}

function dependsOnOf(body: unknown): string[] {
  const listed = (body as { depends_on?: unknown } | null)?.depends_on;
  return Array.isArray(listed) ? listed.filter((entry): entry is string => typeof entry === 'string') : [];
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** JSON with object keys sorted, so equal values give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

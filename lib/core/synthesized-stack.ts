/**
 * Typed reading of a stack's synthesized Terraform JSON (what `cdktf synth` writes to
 * `cdk.tf.json`, `Testing.synth` returns, or one element's `toTerraform()`): the one place that
 * knows its layout, so the policy rules, the deploy graph and the diagram cannot drift apart.
 */

/** A block's configuration, snake_case as synthesized; references are `${...}` strings. */
export type BlockConfig = Record<string, unknown>;

/** The synthesized Terraform JSON of one stack (or one element's fragment of it). */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, BlockConfig>>;
  readonly data?: Record<string, Record<string, BlockConfig>>;
  readonly provider?: Record<string, readonly BlockConfig[]>;
  readonly output?: Record<string, { readonly value: unknown; readonly description?: string; readonly sensitive?: boolean }>;
  readonly variable?: Record<string, BlockConfig>;
  readonly terraform?: BlockConfig;
  readonly [key: string]: unknown;
}

export type BlockKind = 'resource' | 'data';

/** One resource or data source of a stack. */
export interface Block {
  readonly kind: BlockKind;
  readonly type: string;
  /** The logical ID. */
  readonly name: string;
  /** The Terraform address: `type.name`, or `data.type.name`. */
  readonly address: string;
  /** The configuration without cdktf's `//` metadata. */
  readonly config: BlockConfig;
  /** The construct path, when synthesized with metadata (`cdk.tf.json`, `toTerraform()`; not `Testing.synth`). */
  readonly path?: string;
}

/** cdktf's metadata key in blocks and at the top of a stack. */
const METADATA = '//';

/** A logical ID without the 8-hex-digit hash cdktf appends (`cluster-a_pool_1A2B3C4D` → `cluster-a_pool`). */
export function withoutHashSuffix(logicalId: string): string {
  return logicalId.replace(/_[0-9A-F]{8}$/, '');
}

export class SynthesizedStack {
  /** Parses the JSON text of one stack. */
  public static parse(text: string): SynthesizedStack {
    return new SynthesizedStack(JSON.parse(text) as TerraformJson);
  }

  private blocksCache?: readonly Block[];
  private addressCache?: ReadonlySet<string>;

  constructor(public readonly json: TerraformJson) {}

  /** Every resource and data source, resources first, in synthesis order. */
  public blocks(): readonly Block[] {
    this.blocksCache ??= [...readBlocks(this.json, 'resource'), ...readBlocks(this.json, 'data')];
    return this.blocksCache;
  }

  /** Every resource, or every resource of one type. */
  public resources(type?: string): Block[] {
    return this.blocks().filter((block) => block.kind === 'resource' && (type === undefined || block.type === type));
  }

  /** Every data source, or every data source of one type. */
  public dataSources(type?: string): Block[] {
    return this.blocks().filter((block) => block.kind === 'data' && (type === undefined || block.type === type));
  }

  /** The block at a Terraform address (`type.name` or `data.type.name`). */
  public block(address: string): Block | undefined {
    return this.blocks().find((block) => block.address === address);
  }

  /** Every block address the stack defines. */
  public addresses(): ReadonlySet<string> {
    this.addressCache ??= new Set(this.blocks().map((block) => block.address));
    return this.addressCache;
  }

  /**
   * The one resource of a type whose construct path ends with `pathSuffix` (`cluster-a/pool`):
   * by its path metadata when present, otherwise by the logical ID cdktf derives from the path.
   */
  public resourceAt(type: string, pathSuffix: string): Block {
    const wanted = pathSuffix.split('/').join('_');
    const matches = this.resources(type).filter((block) => {
      if (block.path !== undefined) return block.path === pathSuffix || block.path.endsWith(`/${pathSuffix}`);
      const withoutHash = withoutHashSuffix(block.name);
      return withoutHash === wanted || withoutHash.endsWith(`_${wanted}`);
    });
    if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${matches.length}`);
    return matches[0];
  }

  /** The configurations of a provider (`kubernetes`), one per alias. */
  public providers(name: string): readonly BlockConfig[] {
    return this.json.provider?.[name] ?? [];
  }

  /** The provider configuration a block uses: its `provider` (`name.alias`), else the default of its type's provider. */
  public providerOf(block: Block): BlockConfig | undefined {
    const explicit = typeof block.config.provider === 'string' ? block.config.provider : undefined;
    const [name, alias] = explicit ? explicit.split('.') : [block.type.split('_')[0], undefined];
    return this.providers(name).find((configuration) => (configuration.alias ?? undefined) === alias);
  }

  public outputs(): NonNullable<TerraformJson['output']> {
    return this.json.output ?? {};
  }

  /** The addresses a block's `depends_on` lists, as written. */
  public dependsOn(block: Block): string[] {
    const listed = block.config.depends_on;
    return Array.isArray(listed) ? listed.filter((item): item is string => typeof item === 'string') : [];
  }

  /**
   * The blocks of this stack a block needs first: its `depends_on`, the `${...}` references in
   * its configuration, and those in the provider configuration it uses (a kubernetes provider
   * configured from a cluster data source). Addresses the stack does not define are left out.
   */
  public dependenciesOf(block: Block): Set<string> {
    const known = this.addresses();
    const found = new Set(this.dependsOn(block).filter((address) => known.has(address)));
    for (const address of this.referencesIn(block.config)) found.add(address);
    for (const address of this.referencesIn(this.providerOf(block))) found.add(address);
    found.delete(block.address);
    return found;
  }

  /** The addresses of this stack that `${...}` expressions anywhere in `value` refer to. */
  public referencesIn(value: unknown): Set<string> {
    const known = this.addresses();
    return new Set(referencedAddresses(value).filter((address) => known.has(address)));
  }

  /** The block of a type (`google_compute_network`, `data.google_container_cluster`) an expression refers to first. */
  public referencedBlock(value: unknown, type: string): Block | undefined {
    const address = referencedAddresses(value).find(
      (candidate) => candidate.startsWith(`${type}.`) && candidate.split('.').length === type.split('.').length + 1,
    );
    return address === undefined ? undefined : this.block(address);
  }
}

function readBlocks(json: TerraformJson, kind: BlockKind): Block[] {
  const blocks: Block[] = [];
  for (const [type, byName] of Object.entries(json[kind] ?? {})) {
    if (type === METADATA) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (name === METADATA) continue;
      const { [METADATA]: metadata, ...config } = body ?? {};
      const path = (metadata as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
      const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      blocks.push({ kind, type, name, address, config, ...(typeof path === 'string' ? { path } : {}) });
    }
  }
  return blocks;
}

/** `type.name` or `data.type.name` at the start of a traversal, not inside another name. */
const ADDRESS = /(?<![\w.-])((?:data\.)?[A-Za-z][\w-]*\.[\w-]+)/g;

/** Every `type.name` / `data.type.name` that `${...}` expressions anywhere in `value` mention, in order. */
export function referencedAddresses(value: unknown): string[] {
  const found: string[] = [];
  const walk = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const code of expressionCode(item)) for (const match of code.matchAll(ADDRESS)) found.push(match[1]);
    } else if (Array.isArray(item)) {
      item.forEach(walk);
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) if (key !== METADATA) walk(child);
    }
  };
  walk(value);
  return found;
}

/** The bodies of the `${ ... }` interpolations in a string (nested ones included; `$${` is literal). */
export function interpolations(text: string): string[] {
  return scanTemplate(text, 0, false).bodies;
}

/**
 * The code of every `${ ... }` in a string: the expression text outside its string literals, and
 * again for each interpolation inside those literals. A name in quotes is text, not a reference.
 */
function expressionCode(text: string): string[] {
  return scanTemplate(text, 0, false).code;
}

interface Scan {
  readonly bodies: string[];
  readonly code: string[];
  /** Where the scan stopped: a string literal's closing quote, or the end of the text. */
  readonly end: number;
}

/**
 * Reads template text from `start`: literal text with `${ }` interpolations (`$${` is an escape),
 * to the end of `text`, or, for a string literal inside an expression (`quoted`), to its closing
 * quote. In an expression braces nest and a `"` opens a string literal, itself a template, so a
 * `}` or a name in quotes ends or refers to nothing.
 */
function scanTemplate(text: string, start: number, quoted: boolean): Scan {
  const bodies: string[] = [];
  const code: string[] = [];
  let index = start;
  for (;;) {
    const open = quoted ? nextInLiteral(text, index) : text.indexOf('${', index);
    if (open === -1 || open >= text.length) return { bodies, code, end: text.length };
    if (text[open] === '"') return { bodies, code, end: open };
    if (open > 0 && text[open - 1] === '$') {
      index = open + 2;
      continue;
    }
    let depth = 1;
    let cursor = open + 2;
    let outside = '';
    while (cursor < text.length && depth > 0) {
      const char = text[cursor];
      if (char === '"') {
        const literal = scanTemplate(text, cursor + 1, true);
        code.push(...literal.code);
        outside += ' ';
        cursor = literal.end + 1;
        continue;
      }
      if (char === '{') depth++;
      else if (char === '}') depth--;
      if (depth > 0) outside += char;
      cursor++;
    }
    bodies.push(text.slice(open + 2, depth === 0 ? cursor - 1 : cursor));
    code.push(outside);
    index = cursor;
  }
}

/** In a string literal: the next unescaped `"` or `${`, skipping `\x` escapes; -1 if none. */
function nextInLiteral(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"' || (text[index] === '$' && text[index + 1] === '{')) return index;
  }
  return -1;
}

/** Whether a value is (or contains) a `${...}` expression: a reference, not a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && interpolations(value).length > 0;
}

// Nested blocks: cdktf writes a block as an object, or as a list of them (usually one).

/** A nested block: the object, or the first of a list. */
export function firstBlock(value: unknown): BlockConfig | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item && typeof item === 'object' ? (item as BlockConfig) : undefined;
}

/** The value at a path through nested blocks (`attribute(body, 'settings', 'ip_configuration', 'ssl_mode')`). */
export function attribute(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, key) => firstBlock(current)?.[key], value);
}

/** A list attribute as a list: a single value becomes a one-element list, an absent one empty. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** The blocks of a repeated nested block. */
export function blockList(value: unknown): BlockConfig[] {
  return asList(value).filter((item): item is BlockConfig => Boolean(item) && typeof item === 'object');
}

/** The strings of a list attribute. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

import * as fs from 'fs';
import * as path from 'path';

/**
 * The deployment as a weighted DAG, from the synthesized Terraform JSON of every stack.
 *
 * Nodes are the resources and data sources of all stacks, plus one "stack start" barrier per
 * stack. Edges come from `depends_on`, from `${type.name...}` references anywhere in a block's
 * values, and from the references in the provider configuration a block uses (a kubernetes
 * provider configured from a `google_container_cluster` data source). Terraform applies the
 * stacks one after another (`cdktf deploy` in dependency order), so a stack's barrier waits for
 * every node of the stacks it depends on, and every node of the stack waits for its barrier.
 *
 * Node weights are typical creation times (see {@link typicalSeconds}); earliest start/finish
 * and the critical path follow from a topological pass. Everything here is pure except
 * {@link readSynthesizedApp}, which reads `cdktf.out`.
 */

/** The synthesized Terraform JSON of one stack: the parts the graph reads. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
  readonly [key: string]: unknown;
}

export type DeployNodeKind = 'resource' | 'data' | 'stack-start';

export interface DeployNode {
  /** `<stack>:<address>`, unique across stacks; a barrier is `<stack>:<start>`. */
  readonly id: string;
  readonly stack: string;
  readonly kind: DeployNodeKind;
  /** Terraform address inside the stack: `type.name` or `data.type.name`; `<start>` for a barrier. */
  readonly address: string;
  /** Resource or data source type; empty for a barrier. */
  readonly type: string;
  /** Logical ID (the block's name); the stack name for a barrier. */
  readonly name: string;
  /** Typical time to create it. */
  readonly seconds: number;
}

export interface DeployGraph {
  readonly nodes: ReadonlyMap<string, DeployNode>;
  /** Sorted node IDs each node waits for. */
  readonly predecessors: ReadonlyMap<string, readonly string[]>;
  readonly successors: ReadonlyMap<string, readonly string[]>;
  /** Stack names in deployment order. */
  readonly stacks: readonly string[];
}

/** A node for {@link graphFromEdges}; `stack` defaults to `main`, `kind` to `resource`. */
export interface NodeSpec {
  readonly id: string;
  readonly seconds: number;
  readonly stack?: string;
  readonly kind?: DeployNodeKind;
  readonly type?: string;
}

export class DeployGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployGraphError';
  }
}

/** The graph has a cycle: Terraform would refuse it, and no schedule exists. */
export class DeployCycleError extends DeployGraphError {
  constructor(readonly cycle: readonly string[]) {
    super(`dependency cycle: ${cycle.join(' → ')}`);
    this.name = 'DeployCycleError';
  }
}

/** `cdktf.out` (or its manifest) is missing: synthesize first. */
export class SynthesisMissingError extends DeployGraphError {
  constructor(readonly outdir: string) {
    super(`no synthesized stacks in ${outdir} (manifest.json not found). Run \`npx cdktf synth\` first.`);
    this.name = 'SynthesisMissingError';
  }
}

// ---------------------------------------------------------------------------------------------
// Typical creation times

const MINUTE = 60;

/**
 * Typical creation times in seconds, by resource type. Measured-ish figures for a fresh project;
 * they only need to be right relative to each other for the critical path to be meaningful.
 */
export const TYPICAL_SECONDS: Readonly<Record<string, number>> = {
  /** Private regional cluster with its default pool removed. */
  google_container_cluster: 8 * MINUTE,
  google_container_node_pool: 4 * MINUTE,
  google_sql_database_instance: 10 * MINUTE,
  /** VPC peering with servicenetworking. */
  google_service_networking_connection: 2 * MINUTE,
  /** Enabling an API. */
  google_project_service: 1 * MINUTE,
  /** Fleet feature (servicemesh): project-level enablement, like an API. */
  google_gke_hub_feature: 1 * MINUTE,
  /** The asm install: `terraform_data` whose local-exec runs asmcli against the cluster. */
  terraform_data: 6 * MINUTE,
  /** The kubernetes provider waits for the rollout. */
  kubernetes_deployment_v1: 1 * MINUTE,
  kubernetes_daemon_set_v1: 1 * MINUTE,
};

/** A `kubernetes_service_v1` of type LoadBalancer waits for the load balancer's address. */
export const LOAD_BALANCER_SERVICE_SECONDS = 2 * MINUTE;
/** Any other `google_*` resource: networks, subnets, firewall rules, IAM, service accounts. */
export const OTHER_GOOGLE_SECONDS = 20;
/** Any other kubernetes object: an API call. */
export const KUBERNETES_OBJECT_SECONDS = 5;
/** Resources computed locally (`tls_*`, `random_*`, `time_*`). */
export const LOCAL_SECONDS = 1;
/** Anything else. */
export const OTHER_SECONDS = 10;

/** Typical creation time of one block; data sources are read during plan and count as 0. */
export function typicalSeconds(kind: 'resource' | 'data', type: string, body: Record<string, unknown> = {}): number {
  if (kind === 'data') return 0;
  if (type in TYPICAL_SECONDS) return TYPICAL_SECONDS[type];
  if (type === 'kubernetes_service_v1' && isLoadBalancerService(body)) return LOAD_BALANCER_SERVICE_SECONDS;
  if (type.startsWith('google_')) return OTHER_GOOGLE_SECONDS;
  if (type.startsWith('kubernetes_')) return KUBERNETES_OBJECT_SECONDS;
  if (/^(tls|random|time)_/.test(type)) return LOCAL_SECONDS;
  return OTHER_SECONDS;
}

function isLoadBalancerService(body: Record<string, unknown>): boolean {
  const spec = firstBlock(body.spec);
  return spec?.type === 'LoadBalancer' && body.wait_for_load_balancer !== false;
}

/** The assumptions, one line each, for the report. */
export function describeTypicalTimes(): string[] {
  return [
    `google_sql_database_instance ${formatDuration(TYPICAL_SECONDS.google_sql_database_instance)}`,
    `google_container_cluster ${formatDuration(TYPICAL_SECONDS.google_container_cluster)}`,
    `terraform_data (asmcli install) ${formatDuration(TYPICAL_SECONDS.terraform_data)}`,
    `google_container_node_pool ${formatDuration(TYPICAL_SECONDS.google_container_node_pool)}`,
    `google_service_networking_connection ${formatDuration(TYPICAL_SECONDS.google_service_networking_connection)}`,
    `kubernetes_service_v1 of type LoadBalancer ${formatDuration(LOAD_BALANCER_SERVICE_SECONDS)}`,
    `google_project_service, google_gke_hub_feature ${formatDuration(TYPICAL_SECONDS.google_project_service)}`,
    `kubernetes_deployment_v1, kubernetes_daemon_set_v1 (rollout) ${formatDuration(TYPICAL_SECONDS.kubernetes_deployment_v1)}`,
    `other google_* ${formatDuration(OTHER_GOOGLE_SECONDS)}; other kubernetes_* ${formatDuration(KUBERNETES_OBJECT_SECONDS)}; tls_*/random_*/time_* ${formatDuration(LOCAL_SECONDS)}; anything else ${formatDuration(OTHER_SECONDS)}; data sources 0s`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Building the graph

export interface BuildOptions {
  /** Overrides {@link typicalSeconds}. */
  readonly secondsOf?: (kind: 'resource' | 'data', type: string, body: Record<string, unknown>) => number;
}

/** The barrier every node of a stack waits for. */
export function stackStartId(stack: string): string {
  return `${stack}:<start>`;
}

/**
 * Builds the deployment graph of an app: `stacks` maps stack names to their synthesized JSON,
 * `stackDependencies` maps a stack to the stacks it deploys after (cdktf's `dependencies`).
 */
export function buildDeployGraph(
  stacks: Readonly<Record<string, SynthesizedStack>>,
  stackDependencies: Readonly<Record<string, readonly string[]>> = {},
  options: BuildOptions = {},
): DeployGraph {
  const secondsOf = options.secondsOf ?? typicalSeconds;
  const nodes: NodeSpec[] = [];
  const edges: [string, string][] = [];
  const stackNames = Object.keys(stacks).sort();

  for (const stack of stackNames) {
    for (const upstream of stackDependencies[stack] ?? []) {
      if (!(upstream in stacks)) throw new DeployGraphError(`stack ${stack} depends on unknown stack ${upstream}`);
    }
  }

  for (const stack of stackNames) {
    const json = stacks[stack];
    const start = stackStartId(stack);
    nodes.push({ id: start, seconds: 0, stack, kind: 'stack-start' });

    const blocks = stackBlocks(json);
    const known = new Set(blocks.map((block) => block.address));
    for (const block of blocks) {
      const id = `${stack}:${block.address}`;
      nodes.push({ id, seconds: secondsOf(block.kind, block.type, block.body), stack, kind: block.kind, type: block.type });
      edges.push([start, id]);
      const references = new Set<string>();
      for (const dependency of asArray(block.body.depends_on)) {
        if (typeof dependency !== 'string') continue;
        if (!known.has(dependency)) throw new DeployGraphError(`${stack}: ${block.address} depends on ${dependency}, which the stack does not define`);
        references.add(dependency);
      }
      for (const reference of referencesIn(block.body, known)) references.add(reference);
      for (const reference of providerReferences(json, block, known)) references.add(reference);
      references.delete(block.address);
      for (const reference of references) edges.push([`${stack}:${reference}`, id]);
    }
  }

  // A stack starts when every stack it depends on has finished.
  const byStack = new Map<string, string[]>();
  for (const node of nodes) {
    const list = byStack.get(node.stack!) ?? [];
    list.push(node.id);
    byStack.set(node.stack!, list);
  }
  for (const stack of stackNames) {
    for (const upstream of stackDependencies[stack] ?? []) {
      for (const id of byStack.get(upstream) ?? []) edges.push([id, stackStartId(stack)]);
    }
  }
  return graphFromEdges(nodes, edges, stackOrder(stackNames, stackDependencies));
}

interface Block {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Record<string, unknown>;
}

function stackBlocks(json: SynthesizedStack): Block[] {
  const blocks: Block[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(json[kind] ?? {})) {
      if (type === '//') continue;
      for (const [name, body] of Object.entries(byName)) {
        if (name === '//') continue;
        const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        blocks.push({ kind, type, name, address, body: body ?? {} });
      }
    }
  }
  return blocks;
}

/** Deployment order of the stacks (dependencies first, ties by name); throws on a cycle. */
function stackOrder(names: readonly string[], dependencies: Readonly<Record<string, readonly string[]>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new DeployCycleError([...trail.slice(trail.indexOf(name)), name].map((stack) => `stack ${stack}`));
    state.set(name, 'visiting');
    for (const upstream of [...(dependencies[name] ?? [])].sort()) visit(upstream, [...trail, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}

const ADDRESS = /(?<![\w.-])((?:data\.)?[A-Za-z][\w-]*\.[\w-]+)/g;

/** The addresses in `known` that `${...}` expressions anywhere in `value` refer to. */
export function referencesIn(value: unknown, known: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const walk = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const expression of interpolations(item)) {
        for (const match of expression.matchAll(ADDRESS)) {
          if (known.has(match[1])) found.add(match[1]);
        }
      }
    } else if (Array.isArray(item)) {
      item.forEach(walk);
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) if (key !== '//') walk(child);
    }
  };
  walk(value);
  return found;
}

/** The bodies of the `${ ... }` interpolations in a string (nested braces included; `$${` is literal). */
export function interpolations(text: string): string[] {
  const bodies: string[] = [];
  let index = text.indexOf('${');
  while (index !== -1) {
    if (index > 0 && text[index - 1] === '$') {
      index = text.indexOf('${', index + 2);
      continue;
    }
    let depth = 1;
    let end = index + 2;
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}') depth--;
    }
    bodies.push(text.slice(index + 2, depth === 0 ? end - 1 : end));
    index = text.indexOf('${', end);
  }
  return bodies;
}

/** What the provider configuration a block uses refers to: it must be known before the block. */
function providerReferences(json: SynthesizedStack, block: Block, known: ReadonlySet<string>): Set<string> {
  const explicit = typeof block.body.provider === 'string' ? block.body.provider : undefined;
  const [name, alias] = explicit ? explicit.split('.') : [block.type.split('_')[0], undefined];
  const configuration = (json.provider?.[name] ?? []).find((entry) => (entry.alias ?? undefined) === alias);
  return configuration ? referencesIn(configuration, known) : new Set();
}

/** A graph from plain nodes and `[from, to]` edges (`to` waits for `from`). */
export function graphFromEdges(specs: readonly NodeSpec[], edges: readonly (readonly [string, string])[], stacks?: readonly string[]): DeployGraph {
  const nodes = new Map<string, DeployNode>();
  for (const spec of specs) {
    if (nodes.has(spec.id)) throw new DeployGraphError(`duplicate node ${spec.id}`);
    const stack = spec.stack ?? 'main';
    const kind = spec.kind ?? 'resource';
    const address = spec.id.startsWith(`${stack}:`) ? spec.id.slice(stack.length + 1) : spec.id;
    const type = spec.type ?? (kind === 'stack-start' ? '' : address.replace(/^data\./, '').split('.')[0]);
    const name = kind === 'stack-start' ? stack : address.split('.').slice(-1)[0];
    nodes.set(spec.id, { id: spec.id, stack, kind, address, type, name, seconds: spec.seconds });
  }
  const predecessors = new Map<string, Set<string>>([...nodes.keys()].map((id) => [id, new Set<string>()]));
  const successors = new Map<string, Set<string>>([...nodes.keys()].map((id) => [id, new Set<string>()]));
  for (const [from, to] of edges) {
    if (!nodes.has(from)) throw new DeployGraphError(`edge from unknown node ${from}`);
    if (!nodes.has(to)) throw new DeployGraphError(`edge to unknown node ${to}`);
    predecessors.get(to)!.add(from);
    successors.get(from)!.add(to);
  }
  const sorted = (map: Map<string, Set<string>>) => new Map([...map].map(([id, set]) => [id, [...set].sort()]));
  return {
    nodes,
    predecessors: sorted(predecessors),
    successors: sorted(successors),
    stacks: stacks ?? [...new Set([...nodes.values()].map((node) => node.stack))].sort(),
  };
}

// ---------------------------------------------------------------------------------------------
// Scheduling

export interface CriticalStep {
  readonly id: string;
  readonly start: number;
  readonly finish: number;
  /**
   * How many nodes finish at the same time and could have stood here instead (this one
   * included): the predecessors of the next step that finish when this one does.
   */
  readonly equallyCritical: number;
}

export interface DeploySchedule {
  /** Node IDs in a topological order (ties by ID). */
  readonly order: readonly string[];
  /** Earliest start, seconds from the beginning of the deployment. */
  readonly start: ReadonlyMap<string, number>;
  readonly finish: ReadonlyMap<string, number>;
  /** When the last node finishes. */
  readonly total: number;
  /** From a node that starts at 0 to the last one to finish, along zero-slack dependencies. */
  readonly criticalPath: readonly CriticalStep[];
}

/** Earliest start/finish of every node (unlimited parallelism, as Terraform's graph walk) and the critical path. */
export function scheduleDeploy(graph: DeployGraph): DeploySchedule {
  const order = topologicalOrder(graph);
  const start = new Map<string, number>();
  const finish = new Map<string, number>();
  for (const id of order) {
    const begin = Math.max(0, ...graph.predecessors.get(id)!.map((pred) => finish.get(pred)!));
    start.set(id, begin);
    finish.set(id, begin + graph.nodes.get(id)!.seconds);
  }
  const total = Math.max(0, ...finish.values());

  const criticalPath: CriticalStep[] = [];
  const last = pickCritical(graph, [...graph.nodes.keys()], finish, total);
  if (last) {
    let current: string | undefined = last.id;
    let equallyCritical = last.count;
    while (current !== undefined) {
      criticalPath.unshift({ id: current, start: start.get(current)!, finish: finish.get(current)!, equallyCritical });
      const next = pickCritical(graph, graph.predecessors.get(current)!, finish, start.get(current)!);
      current = next?.id;
      equallyCritical = next?.count ?? 0;
    }
  }
  return { order, start, finish, total, criticalPath };
}

/**
 * Among `candidates` finishing exactly at `time`, the one to show on the critical path:
 * the longest (the real work), then a stack barrier (rather than a 0 s data source read right
 * after it), then by ID. Undefined when none finishes then.
 */
function pickCritical(
  graph: DeployGraph,
  candidates: readonly string[],
  finish: ReadonlyMap<string, number>,
  time: number,
): { id: string; count: number } | undefined {
  const tied = candidates.filter((id) => finish.get(id) === time);
  if (tied.length === 0) return undefined;
  const seconds = (id: string) => graph.nodes.get(id)!.seconds;
  const barrier = (id: string) => (graph.nodes.get(id)!.kind === 'stack-start' ? 0 : 1);
  const best = [...tied].sort((a, b) => seconds(b) - seconds(a) || barrier(a) - barrier(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
  return { id: best, count: tied.length };
}

/** Kahn's algorithm, ready nodes taken by ID; a cycle throws {@link DeployCycleError} naming it. */
export function topologicalOrder(graph: DeployGraph): string[] {
  const remaining = new Map([...graph.nodes.keys()].map((id) => [id, graph.predecessors.get(id)!.length]));
  const ready = [...remaining].filter(([, count]) => count === 0).map(([id]) => id).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    remaining.delete(id);
    const released: string[] = [];
    for (const next of graph.successors.get(id)!) {
      const count = remaining.get(next)! - 1;
      remaining.set(next, count);
      if (count === 0) released.push(next);
    }
    if (released.length > 0) {
      ready.push(...released);
      ready.sort();
    }
  }
  if (remaining.size > 0) throw new DeployCycleError(findCycle(graph, new Set(remaining.keys())));
  return order;
}

/** A cycle among `stuck` (nodes Kahn could not release): walk predecessors until one repeats. */
function findCycle(graph: DeployGraph, stuck: ReadonlySet<string>): string[] {
  let current = [...stuck].sort()[0];
  const seen = new Map<string, number>();
  const walk: string[] = [];
  while (!seen.has(current)) {
    seen.set(current, walk.length);
    walk.push(current);
    current = graph.predecessors.get(current)!.find((pred) => stuck.has(pred))!;
  }
  // The walk follows predecessors; reverse it so arrows point in deployment order.
  const cycle = walk.slice(seen.get(current)!).reverse();
  return [...cycle, cycle[0]];
}

/** Whether `to` transitively waits for `from`. */
export function hasPath(graph: DeployGraph, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const next of graph.successors.get(id) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

export interface ParallelGroup {
  readonly stack: string;
  /** Earliest start shared by the group. */
  readonly start: number;
  /** Resource and data source IDs, sorted. */
  readonly ids: readonly string[];
}

/** Nodes that can start at the same moment, per stack in deployment order, then by start time. */
export function parallelGroups(graph: DeployGraph, schedule: DeploySchedule): ParallelGroup[] {
  const groups: ParallelGroup[] = [];
  for (const stack of graph.stacks) {
    const byStart = new Map<number, string[]>();
    for (const node of graph.nodes.values()) {
      if (node.stack !== stack || node.kind === 'stack-start') continue;
      const start = schedule.start.get(node.id)!;
      byStart.set(start, [...(byStart.get(start) ?? []), node.id]);
    }
    for (const start of [...byStart.keys()].sort((a, b) => a - b)) groups.push({ stack, start, ids: byStart.get(start)!.sort() });
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Report

/** `0s`, `45s`, `8m`, `19m05s`. */
export function formatDuration(seconds: number): string {
  const rounded = Math.round(seconds);
  if (rounded < MINUTE) return `${rounded}s`;
  const minutes = Math.floor(rounded / MINUTE);
  const rest = rounded % MINUTE;
  return rest === 0 ? `${minutes}m` : `${minutes}m${String(rest).padStart(2, '0')}s`;
}

/** A logical ID without cdktf's 8-hex-digit hash suffix, for display. */
export function shortName(name: string): string {
  return name.replace(/_[0-9A-F]{8}$/, '');
}

function displayAddress(node: DeployNode): string {
  return `${node.kind === 'data' ? 'data.' : ''}${node.type}.${shortName(node.name)}`;
}

/** Names listed per type in a parallel group up to this count; beyond it, only the count. */
const LISTED_NAMES = 4;

/** The text `npm run graph` prints. */
export function formatDeployReport(graph: DeployGraph, schedule: DeploySchedule = scheduleDeploy(graph)): string {
  const nodes = [...graph.nodes.values()];
  const resources = nodes.filter((node) => node.kind === 'resource').length;
  const dataSources = nodes.filter((node) => node.kind === 'data').length;
  const dependencies = nodes
    .filter((node) => node.kind !== 'stack-start')
    .reduce((sum, node) => sum + graph.predecessors.get(node.id)!.filter((pred) => graph.nodes.get(pred)!.kind !== 'stack-start').length, 0);
  const lines: string[] = [];
  lines.push(
    `Deploy graph: ${graph.stacks.length} stacks (${graph.stacks.join(' → ')}), ${resources} resources, ${dataSources} data sources, ${dependencies} dependencies inside stacks.`,
    'Stacks apply one after another: every resource of a stack waits for the whole stack before it.',
    `Estimated deploy time: ${formatDuration(schedule.total)} (critical path, typical creation times).`,
    '',
    'Critical path',
    `  ${'start'.padEnd(8)} ${'finish'.padEnd(8)} ${'takes'.padEnd(6)} resource`,
  );
  for (const step of schedule.criticalPath) {
    const node = graph.nodes.get(step.id)!;
    if (node.kind === 'stack-start') {
      const upstream = graph.predecessors.get(step.id)!.length > 0 ? `, after ${stackUpstream(graph, node.stack).join(', ')} finished` : '';
      lines.push(`  ${formatDuration(step.start).padEnd(8)} ── stack ${node.stack} starts${upstream} ──`);
      continue;
    }
    const ties = step.equallyCritical > 1 ? `  (one of ${step.equallyCritical} finishing together)` : '';
    lines.push(
      `  ${formatDuration(step.start).padEnd(8)} ${formatDuration(step.finish).padEnd(8)} ${formatDuration(node.seconds).padEnd(6)} ${displayAddress(node)}${ties}`,
    );
  }

  lines.push('', 'What runs in parallel (grouped by earliest start)');
  const groups = parallelGroups(graph, schedule);
  for (const stack of graph.stacks) {
    const stackNodes = nodes.filter((node) => node.stack === stack);
    const begin = schedule.start.get(stackStartId(stack)) ?? 0;
    const end = Math.max(begin, ...stackNodes.map((node) => schedule.finish.get(node.id)!));
    lines.push(`${stack}: ${formatDuration(begin)} → ${formatDuration(end)}`);
    for (const group of groups.filter((entry) => entry.stack === stack)) {
      const byType = new Map<string, DeployNode[]>();
      for (const id of group.ids) {
        const node = graph.nodes.get(id)!;
        const key = `${node.kind === 'data' ? 'data.' : ''}${node.type}`;
        byType.set(key, [...(byType.get(key) ?? []), node]);
      }
      const at = `at ${formatDuration(group.start)}`.padEnd(12);
      [...byType.keys()].sort().forEach((type, index) => {
        const members = byType.get(type)!;
        const names = members.length <= LISTED_NAMES ? `: ${members.map((node) => shortName(node.name)).join(', ')}` : '';
        const seconds = [...new Set(members.map((node) => node.seconds))].sort((a, b) => a - b);
        const takes = seconds.map(formatDuration).join(' or ');
        lines.push(`  ${index === 0 ? at : ' '.repeat(at.length)}${members.length} × ${type} (${takes})${names}`);
      });
    }
  }

  lines.push('', 'Assumed creation times:', ...describeTypicalTimes().map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}

function stackUpstream(graph: DeployGraph, stack: string): string[] {
  const upstream = new Set<string>();
  for (const pred of graph.predecessors.get(stackStartId(stack)) ?? []) upstream.add(graph.nodes.get(pred)!.stack);
  return [...upstream].sort();
}

// ---------------------------------------------------------------------------------------------
// Reading cdktf.out

export interface SynthesizedApp {
  readonly stacks: Record<string, SynthesizedStack>;
  readonly dependencies: Record<string, string[]>;
}

interface Manifest {
  readonly stacks?: Record<string, { readonly synthesizedStackPath?: string; readonly dependencies?: readonly string[] }>;
}

/** Reads `manifest.json` and every stack's `cdk.tf.json` from a cdktf output directory. */
export function readSynthesizedApp(outdir: string): SynthesizedApp {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new SynthesisMissingError(outdir);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const stacks: Record<string, SynthesizedStack> = {};
  const dependencies: Record<string, string[]> = {};
  for (const [name, entry] of Object.entries(manifest.stacks ?? {})) {
    const file = path.join(outdir, entry.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    if (!fs.existsSync(file)) throw new SynthesisMissingError(outdir);
    stacks[name] = JSON.parse(fs.readFileSync(file, 'utf8')) as SynthesizedStack;
    dependencies[name] = [...(entry.dependencies ?? [])];
  }
  if (Object.keys(stacks).length === 0) throw new SynthesisMissingError(outdir);
  return { stacks, dependencies };
}

// ---------------------------------------------------------------------------------------------

/** A nested block as cdktf writes it: an object, or a one-element list. */
export function firstBlock(value: unknown): Record<string, unknown> | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

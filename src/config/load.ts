import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { overlaps, parseCidr, privateEndpointRangeProblem } from '../../lib/cidr';
import { planPrivateServicesRange, planRanges, PlannedRanges, RANGE_KINDS } from './cidr-planner';
import { ParsedMeshConfig, meshConfigSchema } from './schema';
import { overlayProblem } from './overlays';
import { POLICY_RULES } from '../../lib/policy-rules';

/** The repository root: default config and default overlays are found relative to it. */
export const APP_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_CONFIG_FILE = path.join(APP_ROOT, 'mesh.config.yaml');
export const OVERLAYS_DIR = path.join(APP_ROOT, 'overlays');

/** Applied when `asm.overlays` is omitted: egress lock-down, multi-cluster identity, access logs. */
export const DEFAULT_OVERLAYS = ['egress-registry-only.yaml', 'multicluster-identity.yaml', 'access-logging.yaml'].map(
  (file) => path.join('overlays', file),
);

/** Cap GKE puts on master authorized networks for a cluster with a public endpoint. */
export const MAX_AUTHORIZED_NETWORKS = 50;

export interface NodePoolConfig {
  readonly name: string;
  readonly machineType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly imageType: string;
}

export interface ClusterConfig extends PlannedRanges {
  readonly name: string;
  /** The project the cluster lives in (a service project under a Shared VPC). */
  readonly project: string;
  /** Region or zone, as configured (defaulted to the top-level region). */
  readonly location: string;
  /** The region the location sits in: where the subnet and NAT go. */
  readonly region: string;
  readonly privateEndpoint: boolean;
  readonly nodePools: readonly NodePoolConfig[];
}

export interface OverlayFile {
  /** The path as written in the config (or the default), for messages and docs. */
  readonly path: string;
  /** The resolved absolute path. */
  readonly absolutePath: string;
}

export interface AuthorizedNetwork {
  readonly cidr: string;
  readonly name: string;
}

/** The validated, fully defaulted and planned config every stack is built from. */
export interface MeshConfig {
  readonly project: string;
  readonly region: string;
  readonly network: {
    readonly name: string;
    /** The Shared VPC host project, when set. */
    readonly hostProject?: string;
    /** Where the VPC lives: the host project, or `project`. */
    readonly project: string;
  };
  /** The fleet host project. */
  readonly fleetProject: string;
  readonly clusters: readonly ClusterConfig[];
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  readonly asm: {
    readonly mode: 'in-cluster' | 'managed';
    readonly overlays: readonly OverlayFile[];
    readonly asmcliVersion: string;
    readonly asmcliSha256?: string;
    /** The istio.io/rev label: the install's revision, or the managed channel's. */
    readonly revision: string;
    readonly options: readonly string[];
  };
  readonly deletionProtection: boolean;
  readonly ingress: IngressConfig;
  readonly sample: { readonly enabled: boolean; readonly namespace: string };
  readonly cloudSql: CloudSqlConfig;
  readonly prismaCloud: PrismaCloudConfig;
  readonly policy: { readonly waivers: readonly { readonly rule: string; readonly resource: string; readonly reason: string }[] };
}

export interface CloudSqlConfig {
  readonly enabled: boolean;
  readonly instanceName: string;
  readonly region: string;
  readonly databaseVersion: string;
  readonly tier: string;
  readonly availability: 'ZONAL' | 'REGIONAL';
  readonly databases: readonly string[];
  readonly namespace: string;
  readonly sslMode: 'ENCRYPTED_ONLY' | 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED';
  /** Planned when omitted. */
  readonly privateServicesCidr: string;
  readonly deletionProtection: boolean;
  readonly backupStartTime: string;
  readonly maintenanceWindow: { readonly day: number; readonly hour: number };
}

export interface PrismaCloudConfig {
  readonly enabled: boolean;
  /** Set whenever enabled. */
  readonly consoleAddress: string;
  readonly defenderImage: string;
  readonly namespace: string;
  readonly collectPodLabels: boolean;
  readonly monitorServiceAccounts: boolean;
  readonly monitorIstio: boolean;
}

export type CertificateConfig =
  | { readonly source: 'self-signed' }
  | { readonly source: 'variable' }
  | { readonly source: 'secret-manager'; readonly certificateSecret: SecretRef; readonly privateKeySecret: SecretRef };

/** A Secret Manager secret version, split for the data source. */
export interface SecretRef {
  readonly project: string;
  readonly secret: string;
  readonly version: string;
}

export interface IngressConfig {
  readonly host: string;
  readonly internal: boolean;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly certificate: CertificateConfig;
}

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** Every problem found in a config file, reported together. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `${source}: ${count}:\n` +
        problems.map((problem) => `  - ${problem.path ? `${problem.path}: ` : ''}${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Reads the config named by `MESH_CONFIG`, or `mesh.config.yaml` at the repository root. */
export function loadConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): MeshConfig {
  return loadConfig(env.MESH_CONFIG ? path.resolve(env.MESH_CONFIG) : DEFAULT_CONFIG_FILE);
}

export function loadConfig(file: string): MeshConfig {
  const relative = path.relative(process.cwd(), file);
  const source = relative && !relative.startsWith('..') ? relative : file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(source, [{ path: '', message: `cannot read the file (${(error as Error).message})` }]);
  }
  return parseConfig(text, { source, baseDir: path.dirname(file) });
}

export interface ParseOptions {
  /** Name of the file in messages. */
  readonly source: string;
  /** Relative overlay paths are resolved against this folder. */
  readonly baseDir: string;
}

export function parseConfig(text: string, options: ParseOptions): MeshConfig {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      options.source,
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        const where = position ? `line ${position.line}, column ${position.col}` : 'YAML';
        // The library appends its own "at line L, column C:" and a code frame; keep only the sentence.
        const sentence = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return { path: '', message: `${where}: YAML syntax error: ${sentence}` };
      }),
    );
  }
  return validateConfig(document.toJS() ?? {}, options);
}

/** Validates raw config data: structure first, then every cross-field rule, all reported together. */
export function validateConfig(raw: unknown, options: ParseOptions): MeshConfig {
  const parsed = meshConfigSchema.safeParse(raw);
  const problems: ConfigProblem[] = parsed.success ? [] : parsed.error.issues.flatMap(describeIssue);
  problems.push(...crossFieldProblems(raw, options.baseDir));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(options.source, problems);

  const config = parsed.data;
  const { plans, problems: planProblems } = planRanges(config.clusters, config.cloudSql.privateServicesCidr ? [config.cloudSql.privateServicesCidr] : []);
  const privateServicesCidr = planPrivateServicesRange(config.cloudSql.privateServicesCidr, plans);
  if (privateServicesCidr === undefined) {
    planProblems.push({ path: 'cloudSql.privateServicesCidr', message: 'no free /20 is left in 10.8.0.0/14 to plan it from; set it explicitly' });
  }
  if (planProblems.length > 0) throw new ConfigError(options.source, planProblems);
  return resolve(config, plans, privateServicesCidr!, options.baseDir);
}

function resolve(config: ParsedMeshConfig, plans: PlannedRanges[], privateServicesCidr: string, baseDir: string): MeshConfig {
  const overlays = config.asm.overlays
    ? config.asm.overlays.map((file) => ({ path: file, absolutePath: path.resolve(baseDir, file) }))
    : DEFAULT_OVERLAYS.map((file) => ({ path: file, absolutePath: path.join(APP_ROOT, file) }));
  return {
    project: config.project,
    region: config.region,
    network: { ...config.network, project: config.network.hostProject ?? config.project },
    fleetProject: config.fleetProject ?? config.project,
    authorizedNetworks: config.authorizedNetworks,
    deletionProtection: config.deletionProtection,
    ingress: {
      host: config.ingress.host,
      internal: config.ingress.internal,
      minReplicas: config.ingress.minReplicas,
      maxReplicas: config.ingress.maxReplicas,
      certificate:
        config.ingress.certificate.source === 'secret-manager'
          ? {
              source: 'secret-manager',
              certificateSecret: secretRef(config.ingress.certificate.certificateSecret!),
              privateKeySecret: secretRef(config.ingress.certificate.privateKeySecret!),
            }
          : { source: config.ingress.certificate.source },
    },
    sample: config.sample,
    policy: config.policy,
    cloudSql: { ...config.cloudSql, region: config.cloudSql.region ?? config.region, privateServicesCidr },
    prismaCloud: { ...config.prismaCloud, consoleAddress: config.prismaCloud.consoleAddress ?? '', defenderImage: config.prismaCloud.defenderImage ?? '' },
    asm: {
      mode: config.asm.mode,
      overlays,
      asmcliVersion: config.asm.asmcliVersion,
      asmcliSha256: config.asm.asmcliSha256,
      revision: config.asm.mode === 'managed' ? MANAGED_REVISION : (config.asm.revision ?? defaultRevision(config.asm.asmcliVersion)),
      options: config.asm.options,
    },
    clusters: config.clusters.map((cluster, index) => {
      const location = cluster.location ?? config.region;
      return {
        name: cluster.name,
        project: cluster.project ?? config.project,
        location,
        region: regionOf(location),
        privateEndpoint: cluster.privateEndpoint,
        nodePools: cluster.nodePools,
        ...plans[index],
      };
    }),
  };
}

/**
 * The revision of the managed control plane on the REGULAR channel, which every cluster here
 * is on (asmcli: REVISION_LABEL_REGULAR).
 */
export const MANAGED_REVISION = 'asm-managed';

/** `1.23` -> `asm-123`; `1.23.4-asm.1+config1` -> `asm-1234-1`, as asmcli names revisions. */
export function defaultRevision(asmcliVersion: string): string {
  const full = /^(\d+)\.(\d+)\.(\d+)-asm\.(\d+)/.exec(asmcliVersion);
  if (full) return `asm-${full[1]}${full[2]}${full[3]}-${full[4]}`;
  return `asm-${asmcliVersion.replace(/\D/g, '')}`;
}

/** `projects/p/secrets/s[/versions/v]` -> its parts; the version defaults to latest. */
export function secretRef(name: string): SecretRef {
  const [, project, , secret, , version] = name.split('/');
  return { project, secret, version: version ?? 'latest' };
}

/** `us-central1-a` -> `us-central1`; a region is its own region. */
export function regionOf(location: string): string {
  return /-[a-z]$/.test(location) ? location.slice(0, -2) : location;
}

export function isZone(location: string): boolean {
  return regionOf(location) !== location;
}

/** `['clusters', 1, 'podCidr']` -> `clusters[1].podCidr` */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): ConfigProblem[] {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const fieldPath = where ? `${where}.${key}` : key;
      const known = knownKeysAt(issue.path);
      const suggestion = closest(key, known);
      return {
        path: fieldPath,
        message: `unknown field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known fields here: ${known.join(', ')}`,
      };
    });
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return [{ path: where, message: 'is required' }];
  }
  return [{ path: where, message: issue.message }];
}

/** The field names the schema allows at a path, for "did you mean" hints. */
function knownKeysAt(segments: readonly PropertyKey[]): string[] {
  // Walk the schema's shape along the path, skipping array indexes and wrappers.
  let schema: unknown = meshConfigSchema;
  for (const segment of segments) {
    schema = unwrap(schema);
    if (typeof segment === 'number') {
      schema = (schema as { element?: unknown }).element;
    } else {
      schema = (schema as { shape?: Record<string, unknown> }).shape?.[String(segment)];
    }
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> })?.shape;
  return shape ? Object.keys(shape).filter((key) => key !== '$schema') : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined;
  while (current?.def && (current.def.innerType || current.def.type === 'pipe')) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return current;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Rules that span fields. They read the raw input defensively, so they run even when the
 * structure has problems, and every problem reaches the user in one pass.
 */
function crossFieldProblems(raw: unknown, baseDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const root = asRecord(raw);
  const clusters = Array.isArray(root.clusters) ? root.clusters.map(asRecord) : [];

  const firstByName = new Map<string, number>();
  clusters.forEach((cluster, index) => {
    if (typeof cluster.name !== 'string') return;
    const first = firstByName.get(cluster.name);
    if (first === undefined) firstByName.set(cluster.name, index);
    else problems.push({ path: `clusters[${index}].name`, message: `"${cluster.name}" is already the name of clusters[${first}]` });

    const pools = Array.isArray(cluster.nodePools) ? cluster.nodePools.map(asRecord) : [];
    const firstPool = new Map<string, number>();
    pools.forEach((pool, poolIndex) => {
      if (typeof pool.name !== 'string') return;
      const earlier = firstPool.get(pool.name);
      if (earlier === undefined) firstPool.set(pool.name, poolIndex);
      else
        problems.push({
          path: `clusters[${index}].nodePools[${poolIndex}].name`,
          message: `"${pool.name}" is already the name of clusters[${index}].nodePools[${earlier}]`,
        });
    });
  });

  // Every range the user set, against every other: subnets, pods, services and control planes.
  const given: { path: string; range: Exclude<ReturnType<typeof parseCidr>, string> }[] = [];
  clusters.forEach((cluster, index) => {
    for (const kind of RANGE_KINDS) {
      const value = cluster[kind];
      if (typeof value !== 'string') continue;
      const range = parseCidr(value);
      if (typeof range === 'string') continue;
      const path = `clusters[${index}].${kind}`;
      const clash = given.find((earlier) => overlaps(earlier.range, range));
      if (clash) problems.push({ path, message: `${value} overlaps ${clash.path} (${clash.range.cidr})` });
      given.push({ path, range });
    }
  });

  // Shared VPC: clusters live in service projects, never in the host; many projects need a host.
  const hostProject = asRecord(root.network).hostProject;
  const projectOf = (cluster: Record<string, unknown>) => (typeof cluster.project === 'string' ? cluster.project : root.project);
  clusters.forEach((cluster, index) => {
    if (typeof hostProject === 'string' && projectOf(cluster) === hostProject) {
      problems.push({
        path: typeof cluster.project === 'string' ? `clusters[${index}].project` : 'project',
        message: `"${hostProject}" is network.hostProject; clusters live in service projects (set clusters[${index}].project)`,
      });
    }
  });
  const clusterProjects = [...new Set(clusters.map(projectOf).filter((project): project is string => typeof project === 'string'))];
  if (clusterProjects.length > 1 && hostProject === undefined) {
    problems.push({
      path: 'network.hostProject',
      message: `is required when clusters live in more than one project (${clusterProjects.join(', ')}): they share one VPC through a Shared VPC host`,
    });
  }

  const authorized = Array.isArray(root.authorizedNetworks) ? root.authorizedNetworks.length : 0;
  if (clusters.length > 0 && authorized + clusters.length - 1 > MAX_AUTHORIZED_NETWORKS) {
    problems.push({
      path: 'authorizedNetworks',
      message: `${authorized} entries plus the ${clusters.length - 1} peer pod ranges each control plane needs exceed GKE's limit of ${MAX_AUTHORIZED_NETWORKS}`,
    });
  }

  // One list reaches every control plane, so a private-endpoint cluster restricts it for all.
  // Rejected rather than filtered per cluster: a dropped entry would surface as a timeout later.
  const authorizedEntries = Array.isArray(root.authorizedNetworks) ? root.authorizedNetworks.map(asRecord) : [];
  clusters.forEach((cluster) => {
    if (cluster.privateEndpoint !== true || typeof cluster.name !== 'string') return;
    authorizedEntries.forEach((entry, index) => {
      const problem = typeof entry.cidr === 'string' ? privateEndpointRangeProblem(entry.cidr, cluster.name as string) : undefined;
      if (problem) problems.push({ path: `authorizedNetworks[${index}].cidr`, message: problem });
    });
  });

  const asm = asRecord(root.asm);
  if (asm.mode === 'managed') {
    for (const key of IN_CLUSTER_ONLY) {
      if (asm[key] !== undefined) {
        problems.push({ path: `asm.${key}`, message: 'applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision' });
      }
    }
  }
  const options = asm.options;
  if (asm.mode !== 'managed' && Array.isArray(options) && !options.some((option) => typeof option === 'string' && option.startsWith('cni-'))) {
    problems.push({
      path: 'asm.options',
      message: 'must keep an Istio CNI option (cni-gcp): app namespaces enforce restricted Pod Security, which refuses the NET_ADMIN istio-init container',
    });
  }

  const ingress = asRecord(root.ingress);
  const certificate = asRecord(ingress.certificate);
  const fromSecretManager = certificate.source === 'secret-manager';
  for (const key of ['certificateSecret', 'privateKeySecret'] as const) {
    if (fromSecretManager && certificate[key] === undefined) {
      problems.push({ path: `ingress.certificate.${key}`, message: 'is required with source: secret-manager' });
    }
    if (!fromSecretManager && certificate[key] !== undefined) {
      problems.push({ path: `ingress.certificate.${key}`, message: 'applies only to source: secret-manager' });
    }
  }
  if (typeof ingress.minReplicas === 'number' && typeof ingress.maxReplicas === 'number' && ingress.minReplicas > ingress.maxReplicas) {
    problems.push({ path: 'ingress.minReplicas', message: `${ingress.minReplicas} is greater than maxReplicas (${ingress.maxReplicas})` });
  }

  // Every feature owns its namespace outright: two owners would fight over labels and policies.
  const owners: [string, unknown, boolean][] = [
    ['sample.namespace', asRecord(root.sample).namespace ?? 'sample', asRecord(root.sample).enabled !== false],
    ['cloudSql.namespace', asRecord(root.cloudSql).namespace ?? 'db-client', asRecord(root.cloudSql).enabled === true],
    ['prismaCloud.namespace', asRecord(root.prismaCloud).namespace ?? 'twistlock', asRecord(root.prismaCloud).enabled === true],
  ];
  const claimed = new Map<string, string>(RESERVED_NAMESPACES.map((ns) => [ns, 'the mesh']));
  for (const [field, namespace, enabled] of owners) {
    if (!enabled || typeof namespace !== 'string') continue;
    const owner = claimed.get(namespace);
    if (owner) problems.push({ path: field, message: `"${namespace}" is already used by ${owner}` });
    else claimed.set(namespace, field);
  }

  const policy = asRecord(root.policy);
  const ruleIds = new Set(POLICY_RULES.map((rule) => rule.id));
  (Array.isArray(policy.waivers) ? policy.waivers.map(asRecord) : []).forEach((waiver, index) => {
    if (typeof waiver.rule === 'string' && /^MESH-[A-Z]+-\d{2}$/.test(waiver.rule) && !ruleIds.has(waiver.rule)) {
      problems.push({ path: `policy.waivers[${index}].rule`, message: `"${waiver.rule}" is not a rule; the rules are ${[...ruleIds].join(', ')}` });
    }
  });

  const prisma = asRecord(root.prismaCloud);
  if (prisma.enabled === true) {
    for (const key of ['consoleAddress', 'defenderImage'] as const) {
      if (prisma[key] === undefined) problems.push({ path: `prismaCloud.${key}`, message: 'is required when prismaCloud.enabled is true' });
    }
  }
  if (typeof prisma.defenderImage === 'string' && /(^|\/)tw_[a-z0-9]{16,}(\/|$)/i.test(prisma.defenderImage)) {
    problems.push({
      path: 'prismaCloud.defenderImage',
      message: 'contains a console access token (tw_…); mirror the image into your registry, and pass secrets as sensitive variables only',
    });
  }

  const cloudSql = asRecord(root.cloudSql);
  if (typeof cloudSql.privateServicesCidr === 'string') {
    const range = parseCidr(cloudSql.privateServicesCidr);
    const clash = typeof range === 'string' ? undefined : given.find((earlier) => overlaps(earlier.range, range));
    if (clash) {
      problems.push({ path: 'cloudSql.privateServicesCidr', message: `${cloudSql.privateServicesCidr} overlaps ${clash.path} (${clash.range.cidr})` });
    }
  }

  if (Array.isArray(asm.overlays)) {
    asm.overlays.forEach((file, index) => {
      if (typeof file !== 'string' || file.length === 0) return;
      const absolute = path.resolve(baseDir, file);
      if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
        problems.push({ path: `asm.overlays[${index}]`, message: `file "${file}" does not exist (looked for ${absolute})` });
        return;
      }
      const problem = overlayProblem(fs.readFileSync(absolute, 'utf8'));
      if (problem) problems.push({ path: `asm.overlays[${index}]`, message: `"${file}" ${problem}` });
    });
  }
  return problems;
}

/** Namespaces the app or the platform already owns. */
const RESERVED_NAMESPACES = ['istio-system', 'istio-ingress', 'kube-system', 'kube-public', 'default', 'gmp-system'];

/** asm fields that only the asmcli install reads. */
const IN_CLUSTER_ONLY = ['asmcliVersion', 'asmcliSha256', 'revision', 'options'] as const;

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

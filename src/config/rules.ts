import * as fs from 'fs';
import * as path from 'path';
import { overlaps, parseCidr, privateEndpointRangeProblem } from '../../lib/core/cidr';
import { POLICY_RULES } from '../../lib/policy/policy-rules';
import { notAbove } from '../../lib/core/rules';
import { RANGE_KINDS } from './cidr-planner';
import type { ConfigProblem } from './messages';
import { overlayProblem } from './overlays';
import { autopilotProblems } from './autopilot-rules';
import { ISTIO_NAMESPACE } from '../../lib/core/mesh-conventions';
import { defaultRevision } from './resolve';
import { DEFAULT_ASMCLI_VERSION } from './schema';

/** Cap GKE puts on master authorized networks for a cluster with a public endpoint. */
export const MAX_AUTHORIZED_NETWORKS = 50;

/**
 * Rules that span fields. They read the raw input defensively, so they run even when the
 * structure has problems, and every problem reaches the user in one pass.
 */
export function crossFieldProblems(raw: unknown, baseDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const root = asRecord(raw);
  const clusters = Array.isArray(root.clusters) ? root.clusters.map(asRecord) : [];

  problems.push(...repeatedNames(clusters, 'clusters'));
  clusters.forEach((cluster, index) => {
    const pools = Array.isArray(cluster.nodePools) ? cluster.nodePools.map(asRecord) : [];
    problems.push(...repeatedNames(pools, `clusters[${index}].nodePools`));
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

  problems.push(...autopilotProblems(root, clusters));

  const asm = asRecord(root.asm);
  if (asm.mode === 'managed') {
    for (const key of IN_CLUSTER_ONLY) {
      if (asm[key] !== undefined) {
        problems.push({ path: `asm.${key}`, message: 'applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision' });
      }
    }
  }
  problems.push(...retiredRevisionProblems(asm));
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
  const replicasProblem =
    typeof ingress.minReplicas === 'number' && typeof ingress.maxReplicas === 'number'
      ? notAbove('maxReplicas', ingress.maxReplicas)(ingress.minReplicas)
      : undefined;
  if (replicasProblem) problems.push({ path: 'ingress.minReplicas', message: replicasProblem });

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

  const state = asRecord(root.state);
  if (state.bucket === undefined) {
    for (const key of ['prefix', 'project', 'location', 'kmsKeyName']) {
      if (state[key] !== undefined) problems.push({ path: `state.${key}`, message: 'applies only with state.bucket (remote state in Cloud Storage)' });
    }
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
const RESERVED_NAMESPACES = [ISTIO_NAMESPACE, 'istio-ingress', 'kube-system', 'kube-public', 'default', 'gmp-system'];

/** asm fields that only the asmcli install reads. */
const IN_CLUSTER_ONLY = ['asmcliVersion', 'asmcliSha256', 'revision', 'retiredRevisions', 'options'] as const;

/** Retiring the serving revision would take the mesh down: only earlier ones may go. */
function retiredRevisionProblems(asm: Record<string, unknown>): ConfigProblem[] {
  if (asm.mode === 'managed' || !Array.isArray(asm.retiredRevisions)) return [];
  const version = typeof asm.asmcliVersion === 'string' ? asm.asmcliVersion : DEFAULT_ASMCLI_VERSION;
  const explicit = typeof asm.revision === 'string';
  const serving = explicit ? asm.revision : defaultRevision(version);
  const from = explicit ? 'asm.revision' : 'asm.asmcliVersion';
  return asm.retiredRevisions.flatMap((revision, index) =>
    revision === serving
      ? [{ path: `asm.retiredRevisions[${index}]`, message: `is the serving revision ${serving} (from ${from}); retire only an earlier one` }]
      : [],
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A name used again in a list, reported where it repeats, naming the first use. */
function repeatedNames(items: readonly Record<string, unknown>[], listPath: string): ConfigProblem[] {
  const firstByName = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, index) => {
    if (typeof item.name !== 'string') return;
    const first = firstByName.get(item.name);
    if (first === undefined) firstByName.set(item.name, index);
    else problems.push({ path: `${listPath}[${index}].name`, message: `"${item.name}" is already the name of ${listPath}[${first}]` });
  });
  return problems;
}

import { withoutHashSuffix } from '../../../lib/core/synthesized-stack';
import { type DeployGraph, type DeployNode, stackStartId } from './graph';
import {
  KUBERNETES_OBJECT_SECONDS,
  LOAD_BALANCER_SERVICE_SECONDS,
  LOCAL_SECONDS,
  OTHER_GOOGLE_SECONDS,
  OTHER_SECONDS,
  TYPICAL_SECONDS,
} from './creation-times';
import { type DeploySchedule, parallelGroups, scheduleDeploy } from './schedule';

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
  return [
    `Deploy graph: ${graph.stacks.length} stacks (${graph.stacks.join(' → ')}), ${resources} resources, ${dataSources} data sources, ${dependencies} dependencies inside stacks.`,
    'Stacks apply one after another: every resource of a stack waits for the whole stack before it.',
    `Estimated deploy time: ${formatDuration(schedule.total)} (critical path, typical creation times).`,
    '',
    ...criticalPathLines(graph, schedule),
    '',
    ...parallelLines(graph, schedule),
    '',
    'Assumed creation times:',
    ...describeTypicalTimes().map((line) => `  ${line}`),
    '',
  ].join('\n');
}

function criticalPathLines(graph: DeployGraph, schedule: DeploySchedule): string[] {
  const lines = ['Critical path', `  ${'start'.padEnd(8)} ${'finish'.padEnd(8)} ${'takes'.padEnd(6)} resource`];
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
  return lines;
}

function parallelLines(graph: DeployGraph, schedule: DeploySchedule): string[] {
  const lines = ['What runs in parallel (grouped by earliest start)'];
  const nodes = [...graph.nodes.values()];
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
        const names = members.length <= LISTED_NAMES ? `: ${members.map((node) => withoutHashSuffix(node.name)).join(', ')}` : '';
        const seconds = [...new Set(members.map((node) => node.seconds))].sort((a, b) => a - b);
        const takes = seconds.map(formatDuration).join(' or ');
        lines.push(`  ${index === 0 ? at : ' '.repeat(at.length)}${members.length} × ${type} (${takes})${names}`);
      });
    }
  }
  return lines;
}

/** The assumptions, one line each. */
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

/** `0s`, `45s`, `8m`, `19m05s`. */
export function formatDuration(seconds: number): string {
  const rounded = Math.round(seconds);
  if (rounded < 60) return `${rounded}s`;
  const minutes = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return rest === 0 ? `${minutes}m` : `${minutes}m${String(rest).padStart(2, '0')}s`;
}

function displayAddress(node: DeployNode): string {
  return `${node.kind === 'data' ? 'data.' : ''}${node.type}.${withoutHashSuffix(node.name)}`;
}

function stackUpstream(graph: DeployGraph, stack: string): string[] {
  const upstream = new Set<string>();
  for (const pred of graph.predecessors.get(stackStartId(stack)) ?? []) upstream.add(graph.nodes.get(pred)!.stack);
  return [...upstream].sort();
}

import type { ArchitectureModel, FirewallRule } from './model';
import { type Flowchart, text } from './mermaid';

/** Well-known Google source ranges, named in firewall sources. */
const GOOGLE_RANGES: Readonly<Record<string, string>> = {
  '35.191.0.0/16': 'Google LB health checks',
  '130.211.0.0/22': 'Google LB health checks',
  '35.235.240.0/20': 'Identity-Aware Proxy',
};

/** Edges drawn after every box exists (Mermaid places a node where it first appears). */
export interface FirewallEdges {
  /** One arrow per rule, from its sources to the nodes it targets. */
  readonly rules: string[];
  /** Ties the targeted nodes to their clusters. */
  readonly tags: string[];
}

/** A network's "firewall rules" box: the source ranges of each rule and the nodes its target tags select. */
export function renderFirewalls(
  chart: Flowchart,
  model: ArchitectureModel,
  depth: number,
  rules: readonly FirewallRule[],
  networkName: string,
  edges: FirewallEdges,
): void {
  if (rules.length === 0) return;
  chart.add(depth, `subgraph ${chart.id(`firewall:${networkName}`, `firewall_${networkName}`)}["firewall rules of ${text(networkName)}"]`);
  const targets = new Map<string, string>();
  for (const rule of rules) {
    const rangesId = chart.id(`fw-ranges:${rule.name}`, `fw_${rule.name}`);
    const rangeLines = [...rule.ranges.map((cidr) => `${cidr} ${describeRange(model, cidr)}`), ...rule.sourceTags.map((tag) => `nodes tagged ${text(tag)}`)];
    chart.add(depth + 1, `${rangesId}(["${rangeLines.length > 0 ? rangeLines.join('<br/>') : 'any'}"])`);
    const targetKey = rule.targetTags.join(',');
    let targetId = targets.get(targetKey);
    if (!targetId) {
      targetId = chart.id(`fw-target:${networkName}:${targetKey}`, `fw_nodes_${networkName}`);
      targets.set(targetKey, targetId);
      const selected = model.clusters.filter((cluster) => rule.targetTags.length === 0 || cluster.tags.some((tag) => rule.targetTags.includes(tag)));
      const label =
        rule.targetTags.length === 0
          ? `every instance in ${text(networkName)}`
          : `nodes of ${selected.length > 0 ? selected.map((cluster) => text(cluster.name)).join(', ') : 'no cluster'}<br/>tags ${rule.targetTags.map(text).join(', ')}`;
      chart.add(depth + 1, `${targetId}["${label}"]`);
      for (const cluster of selected) edges.tags.push(`${targetId} --- ${chart.clusterId(cluster.name)}`);
    }
    const ports = rule.protocols.map((entry) => (entry.ports.length > 0 ? `${entry.protocol} ${entry.ports.join(', ')}` : entry.protocol)).join(' · ');
    const allPorts = rule.protocols.every((entry) => entry.ports.length === 0) ? ' (all ports)' : '';
    const label = `${rule.action === 'deny' ? 'DENY ' : ''}${text(rule.name)}<br/>${text(ports)}${allPorts}`;
    edges.rules.push(rule.direction !== 'EGRESS' ? `${rangesId} -->|"${label}"| ${targetId}` : `${targetId} -->|"${label}"| ${rangesId}`);
  }
  chart.add(depth, 'end');
}

/** What a firewall range is, from the subnets and clusters that use it. */
function describeRange(model: ArchitectureModel, cidr: string): string {
  const names: string[] = [];
  for (const cluster of model.clusters) {
    if (cluster.masterCidr === cidr) names.push(`control plane of ${cluster.name}`);
  }
  for (const subnet of model.subnets) {
    const owner = model.clusters.find((cluster) => cluster.subnet === subnet.key)?.name;
    const of = owner ? ` of ${owner}` : ` in ${subnet.name}`;
    if (subnet.cidr === cidr) names.push(`nodes${of}`);
    for (const range of subnet.secondary) if (range.cidr === cidr) names.push(`${range.name}${of}`);
  }
  if (GOOGLE_RANGES[cidr]) names.push(GOOGLE_RANGES[cidr]);
  return names.length > 0 ? text(names.join(', ')) : '';
}

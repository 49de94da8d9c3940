import type { ArchitectureModel, FirewallRule } from './model';

/** Well-known Google source ranges, named in firewall sources. */
const GOOGLE_RANGES: Readonly<Record<string, string>> = {
  '35.191.0.0/16': 'Google LB health checks',
  '130.211.0.0/22': 'Google LB health checks',
  '35.235.240.0/20': 'Identity-Aware Proxy',
};

/**
 * The firewall flows as a markdown table (rule | sources | targets | ports | why): a table names
 * every range and port in full, where arrows between boxes crossed and covered each other's labels.
 */
export function firewallTable(model: ArchitectureModel): string[] {
  if (model.firewalls.length === 0) return [];
  const rows = model.firewalls.map((rule) =>
    [
      `\`${rule.name}\`${rule.action === 'deny' ? ' (deny)' : ''}${rule.direction === 'EGRESS' ? ' (egress)' : ''}`,
      sources(model, rule),
      targets(model, rule),
      ports(rule),
      rule.description ?? '',
    ].map(cell),
  );
  return ['| rule | sources | targets | ports | why |', '|---|---|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function sources(model: ArchitectureModel, rule: FirewallRule): string {
  const ranges = rule.ranges.map((cidr) => {
    const what = describeRange(model, cidr);
    return what ? `${cidr} (${what})` : cidr;
  });
  const lines = [...ranges, ...rule.sourceTags.map((tag) => `nodes tagged \`${tag}\``)];
  return lines.length > 0 ? lines.join('<br>') : 'any';
}

function targets(model: ArchitectureModel, rule: FirewallRule): string {
  if (rule.targetTags.length === 0) return 'every instance in the network';
  const selected = model.clusters.filter((cluster) => cluster.tags.some((tag) => rule.targetTags.includes(tag)));
  const nodes = selected.length > 0 ? `nodes of ${selected.map((cluster) => cluster.name).join(', ')}` : 'no cluster';
  return `${nodes}<br>tags ${rule.targetTags.map((tag) => `\`${tag}\``).join(', ')}`;
}

function ports(rule: FirewallRule): string {
  const all = rule.protocols.every((entry) => entry.ports.length === 0) ? ' (all ports)' : '';
  return rule.protocols.map((entry) => (entry.ports.length > 0 ? `${entry.protocol} ${entry.ports.join(', ')}` : entry.protocol)).join(', ') + all;
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
  return names.join(', ');
}

/** A table cell: pipes escaped so a description cannot split the row. */
function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

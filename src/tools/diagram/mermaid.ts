/** A Mermaid flowchart being written: indented lines and unique, stable node IDs. */
export class Flowchart {
  public readonly lines: string[];
  private readonly idsByKey = new Map<string, string>();
  private readonly usedIds = new Set<string>();

  constructor(private readonly direction: 'TB' | 'LR' = 'TB') {
    this.lines = [`flowchart ${direction}`];
  }

  public add(depth: number, line: string): void {
    this.lines.push(`${'  '.repeat(depth)}${line}`);
  }

  /** The ID of the thing `key` names: `wanted` made safe, suffixed when already taken. */
  public id(key: string, wanted: string): string {
    const existing = this.idsByKey.get(key);
    if (existing) return existing;
    const base = wanted.replace(/[^A-Za-z0-9_]/g, '_');
    let id = base;
    for (let suffix = 2; this.usedIds.has(id); suffix++) id = `${base}_${suffix}`;
    this.idsByKey.set(key, id);
    this.usedIds.add(id);
    return id;
  }

  public clusterId(name: string): string {
    return this.id(`cluster:${name}`, `cluster_${name}`);
  }

  /** A box with a title and its contents, which `body` adds one level deeper. */
  public subgraph(depth: number, id: string, title: string, body: () => void): void {
    this.add(depth, `subgraph ${id}["${text(title)}"]`);
    // A subgraph no edge leaves is laid out on its own, and mermaid turns it a quarter
    // (flowchart.inheritDir defaults to false): say the direction so it stays the chart's.
    this.add(depth + 1, `direction ${this.direction}`);
    body();
    this.add(depth, 'end');
  }

  public toString(): string {
    return this.lines.join('\n');
  }
}

/** Text safe inside a quoted Mermaid label. */
export function text(value: string): string {
  return value.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** A quoted label of several lines, each made safe. */
export function label(lines: readonly string[]): string {
  return lines.map(text).join('<br/>');
}

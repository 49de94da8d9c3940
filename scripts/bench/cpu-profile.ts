/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`) by self time: per package (or project file, or
 * node internals, or V8's own (garbage collector) / (program)), and per file.
 */
import * as path from 'path';
import { fileURLToPath } from 'url';

export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string } }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** [key, self ms], largest first. */
  readonly byPackage: readonly (readonly [string, number])[];
  readonly byFile: readonly (readonly [string, number])[];
}

/** Where a frame's code lives: [package or group, file]. */
export function frameOwner(url: string, functionName: string, root: string): [string, string] {
  if (url === '') return [`(${functionName.replace(/^\(|\)$/g, '') || 'native'})`, `(${functionName.replace(/^\(|\)$/g, '') || 'native'})`];
  if (url.startsWith('node:')) return ['node internals', url];
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const packages = file.split(`${path.sep}node_modules${path.sep}`);
  if (packages.length > 1) {
    const inner = packages[packages.length - 1].split(path.sep);
    const name = inner[0].startsWith('@') ? `${inner[0]}/${inner[1]}` : inner[0];
    return [name, `${name}/${inner.slice(name.split('/').length).join('/')}`];
  }
  const relative = path.relative(root, file);
  return [relative.startsWith('..') ? file : `project: ${relative.split(path.sep)[0]}`, relative.startsWith('..') ? file : relative];
}

export function summarizeCpuProfile(profile: CpuProfile, root: string): ProfileSummary {
  const owners = new Map(profile.nodes.map((node) => [node.id, frameOwner(node.callFrame.url, node.callFrame.functionName, root)]));
  const byPackage = new Map<string, number>();
  const byFile = new Map<string, number>();
  // Sample i lasts until sample i + 1 (the last one until the profile ends), as DevTools counts it.
  let time = profile.startTime;
  const stamps = profile.timeDeltas.map((delta) => (time += delta));
  profile.samples.forEach((id, index) => {
    const micros = (index + 1 < stamps.length ? stamps[index + 1] : profile.endTime) - stamps[index];
    const [owner, file] = owners.get(id) ?? ['(unknown)', '(unknown)'];
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros / 1000);
    byFile.set(file, (byFile.get(file) ?? 0) + micros / 1000);
  });
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { totalMs: (profile.endTime - profile.startTime) / 1000, byPackage: sorted(byPackage), byFile: sorted(byFile) };
}

export function formatProfileSummary(summary: ProfileSummary, top: number): string {
  const line = ([key, ms]: readonly [string, number]) => `  ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%  ${key}`;
  return [
    `profiled ${summary.totalMs.toFixed(0)} ms; self time by package:`,
    ...summary.byPackage.slice(0, top).map(line),
    'by file:',
    ...summary.byFile.slice(0, top).map(line),
  ].join('\n');
}

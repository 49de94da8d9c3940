/**
 * Test helpers for IstioOperator overlay documents: the files in overlays/, deep copies to mutate,
 * and an assertion on the problems validateIstioOperatorOverlay reports.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

export type Node = Record<string, unknown>;

export const OVERLAY_DIR = path.join(__dirname, '..', '..', 'overlays');

export const overlayFiles: readonly string[] = fs
  .readdirSync(OVERLAY_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

export function loadOverlay(file: string): Node {
  const document: unknown = parse(fs.readFileSync(path.join(OVERLAY_DIR, file), 'utf8'));
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error(`${file} is not a YAML mapping`);
  }
  return document as Node;
}

/** A deep copy of an overlay, so mutations never leak between tests. */
export function copyOf(file: string): Node {
  return JSON.parse(JSON.stringify(loadOverlay(file))) as Node;
}

/** Walks to a nested mapping, e.g. at(doc, 'spec', 'components', 'ingressGateways', 0, 'k8s'). */
export function at(document: Node, ...keys: Array<string | number>): Node {
  let current: unknown = document;
  for (const key of keys) {
    current = (current as Record<string | number, unknown>)[key];
    if (typeof current !== 'object' || current === null) {
      throw new Error(`no mapping at ${keys.join('.')}`);
    }
  }
  return current as Node;
}

/** Renames a key in place, keeping its value and position. */
export function renameKey(node: Node, from: string, to: string): void {
  if (!(from in node)) throw new Error(`key ${from} not present`);
  const entries = Object.entries(node).map(([key, value]): [string, unknown] => [key === from ? to : key, value]);
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, Object.fromEntries(entries));
}

/** The problems must be exactly one, at exactly this path, with a message starting so. */
export function expectSingleProblemAt(problems: string[], problemPath: string, message: string): void {
  const escaped = `${problemPath}: ${message}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(problems).toEqual([expect.stringMatching(new RegExp(`^${escaped}`))]);
}

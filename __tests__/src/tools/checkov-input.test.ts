import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHECKOV_UNREADABLE_BLOCKS } from '../../../lib/core/scanner-ids';
import { CHECKOV_INPUT_DIR, checkovCommands, type WaiverReport } from '../../../src/tools/policy-report';
import { REPO_ROOT, DEFAULT_FIXTURE } from '../../helpers';
import { checkovParserStops } from '../../support/checkov-json-parser';
import { managedModeConfigFile, synthInto } from '../../support/synth-to-disk';

type Json = Record<string, unknown>;

const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;

/** The README's copy step for `stacks`, run with bash and the real jq in `dir`. */
function copyForCheckov(dir: string, stacks: readonly string[]): void {
  const report: WaiverReport = { rows: [], checkovSkips: new Map(stacks.map((stack) => [stack, []])), kicsSkips: new Map(), trivySkips: new Map() };
  const [copyStep] = checkovCommands(report);
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', copyStep], { cwd: dir, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

const MANAGED = managedModeConfigFile();

/** Configs whose stacks hold the blocks: Shared VPC moves its firewall grant, managed mode forgets old ConfigMaps. */
const CASES = [
  { name: 'examples/shared-vpc.yaml', file: path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml'), stack: 'platform', block: 'moved' },
  { name: 'managed mode', file: MANAGED, stack: 'mesh', block: 'removed' },
];

/** One `cdktf synth` per config for the whole suite (a subprocess each): the tests only read it, or copy beside it. */
const synthesized = new Map<string, { dir: string; stacks: string[] }>();
function synthOnce(file: string): { dir: string; stacks: string[] } {
  if (!synthesized.has(file)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-checkov-'));
    synthesized.set(file, { dir, stacks: synthInto(dir, file) });
  }
  return synthesized.get(file)!;
}

describe("the README's checkov input: each stack copied without the blocks checkov's parser stops at", () => {
  it.each(CASES)('$name: checkov would stop at the $stack stack as synthesized ($block)', ({ file, stack, block }) => {
    const { dir } = synthOnce(file);
    const stops = checkovParserStops(readJson(path.join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json')));
    expect(stops).toEqual([`${block}: a list, not a mapping of block names`]);
  });

  it.each(CASES)('$name: the copies parse, and keep everything but those blocks', ({ file }) => {
    const { dir, stacks } = synthOnce(file);
    copyForCheckov(dir, stacks);
    for (const stack of stacks) {
      const original = readJson(path.join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'));
      const copy = readJson(path.join(dir, CHECKOV_INPUT_DIR, stack, 'cdk.tf.json'));
      expect(checkovParserStops(copy)).toEqual([]);
      const kept = Object.fromEntries(Object.entries(original).filter(([key]) => !CHECKOV_UNREADABLE_BLOCKS.includes(key)));
      expect(copy).toEqual(kept);
    }
  });

  it('reads the default config as synthesized: nothing but those blocks is left out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-checkov-'));
    for (const stack of synthInto(dir, DEFAULT_FIXTURE)) {
      expect(checkovParserStops(readJson(path.join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json')))).toEqual([]);
    }
  });

  it('the model refuses what the parser refuses: a string under terraform, a provider that is not a list', () => {
    expect(checkovParserStops({ terraform: { required_version: '>= 1.7' } })).toEqual(['terraform.required_version: a string, which hclify refuses']);
    expect(checkovParserStops({ provider: { google: { project: 'p' } } })).toEqual(['provider.google: not a list of configs']);
    expect(checkovParserStops({ '//': { metadata: {} }, locals: { a: 1 }, resource: { t: { n: { a: 1 } } } })).toEqual([]);
  });
});

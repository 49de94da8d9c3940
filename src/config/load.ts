import * as fs from 'fs';
import * as path from 'path';
import { v } from './valibot';
import { planPrivateServicesRange, planRanges } from './cidr-planner';
import { ConfigError, type ConfigProblem, describeIssue } from './messages';
import { APP_ROOT, resolveConfig } from './resolve';
import { managedMeshSettings, managedOverlayProblems } from './managed-overlays';
import { loadOverlay } from './overlays';
import { crossFieldProblems } from './rules';
import { meshConfigSchema, UnquotedNumber } from './schema';
import type { MeshConfig } from './types';
import { readYaml, type YamlDocument, YamlSyntaxError } from './yaml';

export type { MeshConfig } from './types';

export const DEFAULT_CONFIG_FILE = path.join(APP_ROOT, 'mesh.config.yaml');

/** The config file `MESH_CONFIG` names, or `mesh.config.yaml` at the repository root. */
export function configFileFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESH_CONFIG ? path.resolve(env.MESH_CONFIG) : DEFAULT_CONFIG_FILE;
}

/** Reads the config named by `MESH_CONFIG`, or `mesh.config.yaml` at the repository root. */
export function loadConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): MeshConfig {
  return loadConfig(configFileFromEnvironment(env));
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
  let document: YamlDocument;
  try {
    document = readYaml(text);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    const where = error.line === undefined ? '' : `line ${error.line}, column ${error.column}: `;
    throw new ConfigError(options.source, [{ path: '', message: `${where}YAML syntax error: ${error.reason}` }]);
  }
  const raw: unknown = document.value ?? {};
  // YAML reads an unquoted 1.30 as 1.3: keep the text as written for the hint to quote.
  const asm = (raw as { asm?: unknown }).asm;
  const version = document.plainScalarText(['asm', 'asmcliVersion']);
  if (isRecord(asm) && typeof asm.asmcliVersion === 'number' && version !== undefined) {
    asm.asmcliVersion = new UnquotedNumber(version, asm.asmcliVersion);
  }
  return validateConfig(raw, options);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates raw config data: structure first, then every cross-field rule, all reported together. */
export function validateConfig(raw: unknown, options: ParseOptions): MeshConfig {
  const parsed = v.safeParse(meshConfigSchema, raw);
  const problems: ConfigProblem[] = parsed.success ? [] : parsed.issues.flatMap(describeIssue);
  problems.push(...crossFieldProblems(raw, options.baseDir));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(options.source, problems);

  const config = parsed.output;
  const { plans, problems: planProblems } = planRanges(config.clusters, config.cloudSql.privateServicesCidr ? [config.cloudSql.privateServicesCidr] : []);
  const privateServicesCidr = planPrivateServicesRange(config.cloudSql.privateServicesCidr, plans);
  if (privateServicesCidr === undefined) {
    planProblems.push({ path: 'cloudSql.privateServicesCidr', message: 'no free /20 is left in 10.8.0.0/14 to plan it from; set it explicitly' });
  }
  if (planProblems.length > 0) throw new ConfigError(options.source, planProblems);
  const resolved = resolveConfig(config, plans, privateServicesCidr!, options.baseDir);
  return resolved.asm.mode === 'managed' ? withManagedSettings(resolved, options.source) : resolved;
}

/** Managed mode: every overlay setting placed where the managed control plane reads it, or refused. */
function withManagedSettings(config: MeshConfig, source: string): MeshConfig {
  const overlays = config.asm.overlays.map(loadOverlay);
  const problems = managedOverlayProblems(overlays);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { ...config, asm: { ...config.asm, managed: managedMeshSettings(overlays, config.mesh.trustDomainAliases) } };
}

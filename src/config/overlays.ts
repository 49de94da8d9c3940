import { createHash } from 'crypto';
import * as fs from 'fs';
import { parse, stringify } from 'yaml';
import type { OverlayFile } from './types';

export const ISTIO_OPERATOR_API_VERSION = 'install.istio.io/v1alpha1';
export const ISTIO_OPERATOR_KIND = 'IstioOperator';

/** An overlay read from disk: its content hash drives re-installs. */
export interface LoadedOverlay extends OverlayFile {
  readonly sha256: string;
  readonly document: IstioOperatorOverlay;
}

export interface IstioOperatorOverlay {
  readonly apiVersion: string;
  readonly kind: string;
  readonly spec?: {
    readonly meshConfig?: Record<string, unknown>;
    readonly values?: Record<string, unknown>;
    readonly components?: Record<string, unknown>;
  };
}

/** Why a file is not an IstioOperator overlay, or undefined when it is one. */
export function overlayProblem(text: string): string | undefined {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return `is not valid YAML (${(error as Error).message.split('\n')[0]})`;
  }
  const record = document as Partial<IstioOperatorOverlay> | null;
  if (!record || record.apiVersion !== ISTIO_OPERATOR_API_VERSION || record.kind !== ISTIO_OPERATOR_KIND) {
    return `is not an IstioOperator overlay (expected apiVersion ${ISTIO_OPERATOR_API_VERSION}, kind ${ISTIO_OPERATOR_KIND})`;
  }
  return undefined;
}

export function loadOverlay(file: OverlayFile): LoadedOverlay {
  const text = fs.readFileSync(file.absolutePath, 'utf8');
  return {
    ...file,
    sha256: createHash('sha256').update(text).digest('hex'),
    document: parse(text) as IstioOperatorOverlay,
  };
}

/**
 * The `meshConfig` of every overlay merged in order, as the `mesh` key of the managed control
 * plane's ConfigMap. The overlay files stay the single source of truth for both modes.
 */
export function mergedMeshConfig(overlays: readonly LoadedOverlay[]): Record<string, unknown> {
  return overlays.reduce<Record<string, unknown>>((merged, overlay) => deepMerge(merged, overlay.document.spec?.meshConfig ?? {}), {});
}

export function meshConfigYaml(overlays: readonly LoadedOverlay[], trustDomainAliases: readonly string[] = []): string {
  const meshConfig = mergedMeshConfig(overlays);
  return stringify(trustDomainAliases.length > 0 ? { ...meshConfig, trustDomainAliases: [...trustDomainAliases] } : meshConfig, { sortMapEntries: true });
}

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

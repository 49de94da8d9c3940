import { createHash } from 'crypto';
import * as fs from 'fs';
import { readYaml } from './yaml';

export const ISTIO_OPERATOR_API_VERSION = 'install.istio.io/v1alpha1';
export const ISTIO_OPERATOR_KIND = 'IstioOperator';

/** An overlay file as the config names it. */
export interface OverlayFile {
  /** The path as written in the config (or the default), for messages and docs. */
  readonly path: string;
  /** The resolved absolute path. */
  readonly absolutePath: string;
}

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
    document = readYaml(text).value;
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
    document: readYaml(text).value as IstioOperatorOverlay,
  };
}

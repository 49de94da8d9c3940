import { type IConstruct } from 'constructs';
import { unlistedScannerIds } from './scanner-ids';

/** A scanner rule that is deliberately not met, with the reason. Listed in the README. */
export interface Waiver {
  /** The rule as scanners name it: `CKV_GCP_12, kics 11e7550e (Network Policy Disabled)`; kics and trivy IDs must be in lib/core/scanner-ids.ts. */
  readonly rule: string;
  /** Why the mesh needs it this way. */
  readonly reason: string;
}

export const WAIVER_METADATA = 'mesh:waiver';

/**
 * Records a waiver on the construct that breaks the rule, so the waiver lives next to the
 * code it excuses and the policy checks can read it from the tree.
 */
export function waive(construct: IConstruct, waiver: Waiver): void {
  if (!waiver.rule.trim()) throw new Error(`waive(${construct.node.path}): a waiver needs the rule it waives`);
  if (!waiver.reason.trim()) throw new Error(`waive(${construct.node.path}): a waiver of ${waiver.rule} needs a reason`);
  const unlisted = unlistedScannerIds(waiver.rule);
  if (unlisted.length > 0) {
    throw new Error(`waive(${construct.node.path}): ${unlisted.join(', ')} not in lib/core/scanner-ids.ts; add the full ID from upstream, or name no ID`);
  }
  construct.node.addMetadata(WAIVER_METADATA, waiver);
}

/** Every waiver recorded at or below `scope`, with the construct path it applies to. */
export function waiversIn(scope: IConstruct): { path: string; waiver: Waiver }[] {
  return scope.node
    .findAll()
    .flatMap((node) =>
      node.node.metadata.filter((entry) => entry.type === WAIVER_METADATA).map((entry) => ({ path: node.node.path, waiver: entry.data as Waiver })),
    );
}

/** The installer's files, AsmInstall's base props and a synthesized install, for asm-install*.test.ts. */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AsmInstall, type AsmInstallProps } from '../../../lib/mesh/asm-install';
import { REPO_ROOT, resourceAt, synth, type SynthJson, testStack } from '../../helpers';

export const SCRIPT = path.join(REPO_ROOT, 'lib', 'mesh', 'asm-install.sh');
export const EGRESS = path.join(REPO_ROOT, 'overlays', 'egress-registry-only.yaml');
export const IDENTITY = path.join(REPO_ROOT, 'overlays', 'multicluster-identity.yaml');
export const PINNED = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

export const BASE: AsmInstallProps = {
  project: 'mesh-project',
  clusterName: 'alpha',
  clusterLocation: 'us-central1',
  meshId: 'proj-123456789',
  network: 'mesh',
  revision: 'asm-1234',
  asmcliVersion: '1.23',
};

export const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** `resource` is the revision (its destroy uninstalls), `run` the install run (re-run in place). */
export function install(props: AsmInstallProps): { construct: AsmInstall; json: SynthJson; resource: Record<string, unknown>; run: Record<string, unknown> } {
  const stack = testStack();
  const construct = new AsmInstall(stack, 'asm', props);
  const json = synth(stack);
  return { construct, json, resource: resourceAt(json, 'terraform_data', 'asm/install'), run: resourceAt(json, 'terraform_data', 'asm/apply') };
}

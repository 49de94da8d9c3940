import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { PolicyChecks } from '../../lib/policy/policy-checks';
import { loadConfig } from '../../src/config/load';
import { managedMeshSettings } from '../../src/config/managed-overlays';
import { type LoadedOverlay, loadOverlay } from '../../src/config/overlays';
import { buildApp } from '../../src/stacks/app';
import { REPO_ROOT } from '../helpers';

const CONFIGS = [
  '__tests__/fixtures/default.yaml',
  ...fs
    .readdirSync(path.join(REPO_ROOT, 'examples'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => path.join('examples', file)),
];

/** The value of a top-level meshConfig field after asmcli has applied the overlays in order. */
function lastMeshSetting(overlays: readonly LoadedOverlay[], field: string): unknown {
  return overlays
    .map((overlay) => (overlay.document.spec?.meshConfig as Record<string, unknown> | undefined)?.[field])
    .filter((value) => value !== undefined)
    .at(-1);
}

describe('every shipped config', () => {
  it('is more than the default', () => expect(CONFIGS.length).toBeGreaterThan(4));

  it.each(CONFIGS)('%s builds every stack and passes the policy checks', (file) => {
    const config = loadConfig(path.join(REPO_ROOT, file));
    const app = Testing.stubVersion(Testing.app());
    const stacks = buildApp(app, config);
    expect(() => new PolicyChecks({ waivers: config.policy.waivers }).enforce(app)).not.toThrow();
    for (const stack of [stacks.state, stacks.platform, stacks.mesh, stacks.workloads]) {
      if (!stack) continue;
      const json = Testing.synth(stack);
      expect(JSON.parse(json)).toHaveProperty('terraform');
      // Synth in CI and apply elsewhere: nothing may name the machine that synthesized it.
      for (const machinePath of [REPO_ROOT, os.homedir()]) expect(json).not.toContain(machinePath);
    }
  });

  // Listing one more overlay (all-features.yaml adds native sidecars) must not drop these.
  it.each(CONFIGS)('%s keeps REGISTRY_ONLY egress, access logs and multicluster identity', (file) => {
    const config = loadConfig(path.join(REPO_ROOT, file));
    const overlays = config.asm.overlays.map(loadOverlay);
    if (config.asm.mode === 'managed') {
      // What the managed control plane is given: the ConfigMaps' mesh key and the Telemetry resource.
      const settings = managedMeshSettings(overlays);
      expect(settings.meshConfig).toMatchObject({ outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
      expect(settings.accessLogging).toBe(true);
    } else {
      // asmcli applies the overlays in order; the last one to set a field wins.
      expect(lastMeshSetting(overlays, 'outboundTrafficPolicy')).toEqual({ mode: 'REGISTRY_ONLY' });
      expect(lastMeshSetting(overlays, 'accessLogFile')).toBe('/dev/stdout');
    }
    const values = overlays.map((overlay) => overlay.document.spec?.values?.global as Record<string, unknown> | undefined);
    expect(values).toContainEqual(expect.objectContaining({ meshID: '${MESH_ID}', multiCluster: { clusterName: '${CLUSTER_NAME}' } }));
  });
});

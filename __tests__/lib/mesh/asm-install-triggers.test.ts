import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AsmInstall } from '../../../lib/mesh/asm-install';
import { testStack } from '../../helpers';
import { BASE, install, sha256 } from './asm-install-fixture';

describe('AsmInstall', () => {
  describe('overlay content', () => {
    let dir: string;
    let first: string;
    let second: string;

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-install-test-'));
      first = path.join(dir, 'first.yaml');
      second = path.join(dir, 'second.yaml');
      fs.writeFileSync(first, 'spec:\n  meshConfig:\n    accessLogFile: /dev/stdout\n');
      fs.writeFileSync(second, 'spec:\n  values:\n    global:\n      network: ${NETWORK}\n');
    });

    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const triggers = () => install({ ...BASE, overlays: [{ file: first }, { file: second }] }).construct.triggers;

    it("re-runs the install when one overlay changes, changing only that overlay's trigger", () => {
      const before = triggers();
      expect(before['overlay_0_first.yaml']).toBe(sha256(first));
      expect(before['overlay_1_second.yaml']).toBe(sha256(second));

      fs.writeFileSync(first, 'spec:\n  meshConfig:\n    accessLogFile: ""\n');
      const after = triggers();
      expect(after['overlay_0_first.yaml']).toBe(sha256(first));
      expect(after['overlay_0_first.yaml']).not.toBe(before['overlay_0_first.yaml']);
      expect({ ...after, 'overlay_0_first.yaml': before['overlay_0_first.yaml'] }).toEqual(before);
    });

    it('keeps every trigger when nothing changes', () => {
      expect(triggers()).toEqual(triggers());
    });

    it("names the trigger after the overlay's position, so reordering re-runs the install", () => {
      const swapped = install({ ...BASE, overlays: [{ file: second }, { file: first }] }).construct.triggers;
      expect(swapped['overlay_0_second.yaml']).toBe(sha256(second));
      expect(swapped['overlay_1_first.yaml']).toBe(sha256(first));
      expect(swapped).not.toHaveProperty('overlay_0_first.yaml');
    });
  });

  it('changes only the options trigger when an option is added', () => {
    const before = install({ ...BASE, options: ['cloudtrace'] }).construct.triggers;
    const after = install({ ...BASE, options: ['cloudtrace', 'envoy-access-log'] }).construct.triggers;
    expect(before.options).toBe('cloudtrace');
    expect(after).toEqual({ ...before, options: 'cloudtrace envoy-access-log' });
  });
});

describe('AsmInstall triggers on what the overlays are filled with', () => {
  it.each([
    ['meshId', { meshId: 'proj-999' }, 'mesh_id'],
    ['network', { network: 'other-net' }, 'network'],
    ['fleetProject', { fleetProject: 'fleet-two' }, 'fleet'],
  ] as const)('re-runs the install when %s changes', (_prop, change, key) => {
    const before = new AsmInstall(testStack(), 'asm', BASE).triggers;
    const after = new AsmInstall(testStack(), 'asm', { ...BASE, ...change }).triggers;
    expect(after[key]).not.toBe(before[key]);
    expect({ ...after, [key]: '' }).toEqual({ ...before, [key]: '' });
  });

  it('does not re-run the install when only the way Terraform reaches the cluster changes', () => {
    expect(new AsmInstall(testStack(), 'asm', { ...BASE, usePrivateEndpoint: true }).triggers).toEqual(new AsmInstall(testStack(), 'asm', BASE).triggers);
  });
});

describe('AsmInstall cluster identity', () => {
  it('replaces the revision (and so re-runs asmcli) when the cluster behind the name changes', () => {
    const { resource } = install({ ...BASE, clusterIdentity: 'ca-of-alpha' });
    expect(resource.triggers_replace).toEqual({ cluster: 'mesh-project/us-central1/alpha', revision: 'asm-1234', cluster_identity: 'ca-of-alpha' });
  });

  it('keeps the triggers of earlier releases without one', () => {
    expect(install(BASE).resource.triggers_replace).toEqual({ cluster: 'mesh-project/us-central1/alpha', revision: 'asm-1234' });
  });
});

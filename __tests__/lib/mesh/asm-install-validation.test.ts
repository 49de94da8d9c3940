import * as fs from 'fs';
import * as path from 'path';
import { AsmInstall, type AsmInstallProps } from '../../../lib/mesh/asm-install';
import { REPO_ROOT, scope } from '../../helpers';
import { BASE, EGRESS, PINNED } from './asm-install-fixture';

describe('AsmInstall', () => {
  describe('validation', () => {
    const build = (overrides: Partial<AsmInstallProps>) => () => new AsmInstall(scope(), 'asm', { ...BASE, ...overrides });

    it('accepts the base props, and every overlay in the repository', () => {
      expect(build({})).not.toThrow();
      const overlays = fs.readdirSync(path.join(REPO_ROOT, 'overlays')).map((file) => ({ file: path.join(REPO_ROOT, 'overlays', file) }));
      expect(overlays.length).toBeGreaterThan(0);
      expect(build({ overlays })).not.toThrow();
    });

    it.each(['', 'Alpha', '1alpha', 'alpha-', 'alpha_beta', 'a'.repeat(41)])('refuses clusterName %j', (clusterName) => {
      expect(build({ clusterName })).toThrow(
        new Error(`AsmInstall: props.clusterName must be an RFC 1035 label of at most 40 characters, got "${clusterName}"`),
      );
    });

    it.each(['a', 'alpha-2', 'a'.repeat(40)])('accepts clusterName %j', (clusterName) => {
      expect(build({ clusterName })).not.toThrow();
    });

    it.each(['', 'asm_1234', 'ASM-1234', '1234', 'asm-1234-', 'asm.1234', 'a'.repeat(64)])('refuses revision %j', (revision) => {
      expect(build({ revision })).toThrow(new Error(`AsmInstall: props.revision must be an RFC 1035 label of at most 63 characters, got "${revision}"`));
    });

    it.each(['a', 'asm-1234', 'asm-managed-rapid', 'a'.repeat(63)])('accepts revision %j', (revision) => {
      expect(build({ revision })).not.toThrow();
    });

    it.each(['', 'latest', '1', '1.', 'v1.23', '.23', 'one.two'])('refuses asmcliVersion %j', (asmcliVersion) => {
      expect(build({ asmcliVersion })).toThrow(
        new Error(
          `AsmInstall: props.asmcliVersion must be an asmcli release line such as 1.28, or a full version such as 1.28.5-asm.12+config1, got "${asmcliVersion}"`,
        ),
      );
    });

    it.each(['1.23', '1.9', '10.0', '1.23.4-asm.1+config1'])('accepts asmcliVersion %j', (asmcliVersion) => {
      expect(build({ asmcliVersion })).not.toThrow();
    });

    // The version is spliced into the download URL (and, unpinned, the digest's URL): only a
    // release may pass, or a path could move both the download and its check elsewhere.
    it.each(['1.23/../../../other-bucket/asmcli', '1.23 --help', '1.23x'])('refuses asmcliVersion %j, which only starts with a release', (asmcliVersion) => {
      expect(build({ asmcliVersion })).toThrow(
        new Error(
          `AsmInstall: props.asmcliVersion must be an asmcli release line such as 1.28, or a full version such as 1.28.5-asm.12+config1, got "${asmcliVersion}"`,
        ),
      );
    });

    it.each(['', PINNED.toUpperCase(), PINNED.slice(1), `${PINNED}0`, 'g'.repeat(64), `sha256:${PINNED}`, ` ${PINNED.slice(1)}`])(
      'refuses asmcliSha256 %j',
      (asmcliSha256) => {
        expect(build({ asmcliSha256 })).toThrow(
          new Error(`AsmInstall: props.asmcliSha256 must be 64 lowercase hex digits (a SHA-256 digest), got "${asmcliSha256}"`),
        );
      },
    );

    it.each([PINNED, 'f'.repeat(64), '0'.repeat(64)])('accepts asmcliSha256 %j', (asmcliSha256) => {
      expect(build({ asmcliSha256 })).not.toThrow();
    });

    it('refuses a missing overlay file, naming its index and path', () => {
      const missing = path.join(REPO_ROOT, 'overlays', 'missing.yaml');
      expect(build({ overlays: [{ file: EGRESS }, { file: missing }] })).toThrow(new Error(`AsmInstall: props.overlays[1].file does not exist: ${missing}`));
      expect(build({ overlays: [{ file: missing }, { file: EGRESS }] })).toThrow(new Error(`AsmInstall: props.overlays[0].file does not exist: ${missing}`));
    });

    it('accepts an empty overlay list', () => {
      expect(build({ overlays: [] })).not.toThrow();
    });

    it.each(['', 'Cloudtrace', 'envoy_access_log', 'cloudtrace-', '1option', '--option', 'a b', 'a'.repeat(64)])(
      'refuses option %j, naming its index',
      (option) => {
        expect(build({ options: ['cloudtrace', option] })).toThrow(
          new Error(`AsmInstall: props.options[1] must be an RFC 1035 label of at most 63 characters, got "${option}"`),
        );
      },
    );

    it.each([[[]], [['cloudtrace']], [['envoy-access-log', 'a'.repeat(63)]]])('accepts options %j', (options) => {
      expect(build({ options })).not.toThrow();
    });
  });
});

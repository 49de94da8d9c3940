import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { validateConfig } from '../../../src/config/load';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';
import { expectProblem, problemsOf } from './load-fixture';

describe('asm fields for the install', () => {
  it('defaults the asmcli version, the revision derived from it, and Istio CNI', () => {
    expect(config(TWO_CLUSTERS).asm).toMatchObject({ asmcliVersion: '1.28', revision: 'asm-128', options: ['cni-gcp'] });
    expect(config(`${TWO_CLUSTERS}\nasm: { asmcliVersion: "1.22.3-asm.1+config1" }\n`).asm.revision).toBe('asm-1223-1');
    expect(config(`${TWO_CLUSTERS}\nasm: { revision: asm-canary }\n`).asm.revision).toBe('asm-canary');
  });

  it('refuses an unquoted version, which YAML turns into a number', () => {
    expectProblem(
      `${TWO_CLUSTERS}\nasm: { asmcliVersion: 1.20 }\n`,
      /^asm\.asmcliVersion: write the version in quotes \(asmcliVersion: "1\.20"\): YAML reads an unquoted 1\.20 as the number 1\.2$/m,
    );
    // The hint quotes what was written, not the number YAML made of it (1.30 is not 1.3).
    expectProblem(`${TWO_CLUSTERS}\nasm:\n  asmcliVersion: 1.30\n`, /asmcliVersion: "1\.30"\): YAML reads an unquoted 1\.30 as the number 1\.3$/m);
    expectProblem(`${TWO_CLUSTERS}\nasm: { asmcliVersion: 1.28 }\n`, /asmcliVersion: "1\.28"\): YAML reads an unquoted 1\.28 as the number 1\.28$/m);
    // Without the YAML source (validateConfig on data), the hint says only what is known.
    expect(() => validateConfig({ ...parse(TWO_CLUSTERS), asm: { asmcliVersion: 1.3 } }, { source: 'data', baseDir: REPO_ROOT })).toThrow(
      /asm\.asmcliVersion: write the version in quotes, as you mean it \(for example asmcliVersion: "1\.30"\): got the number 1\.3$/m,
    );
    expectProblem(
      `${TWO_CLUSTERS}\nasm: { asmcliVersion: latest }\n`,
      /^asm\.asmcliVersion: must be an asmcli release line such as 1\.28, or a full version such as 1\.28\.5-asm\.12\+config1, got "latest"/,
    );
  });

  it('keeps Istio CNI in in-cluster mode: restricted Pod Security refuses istio-init', () => {
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { options: [cloud-tracing] }\n`)).toEqual([
      'asm.options: must keep an Istio CNI option (cni-gcp): app namespaces enforce restricted Pod Security, which refuses the NET_ADMIN istio-init container',
    ]);
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { options: [cloud-tracing, cni-gcp] }\n`)).toEqual([]);
  });

  it('checks the digest, the revision and the option names', () => {
    expectProblem(`${TWO_CLUSTERS}\nasm: { asmcliSha256: ABC }\n`, /^asm\.asmcliSha256: must be 64 lowercase hex digits \(a SHA-256 digest\), got "ABC"/);
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { asmcliSha256: ${'0f'.repeat(32)} }\n`)).toEqual([]);
    expectProblem(`${TWO_CLUSTERS}\nasm: { revision: ASM_1 }\n`, /^asm\.revision: must be an RFC 1035 label of at most \d+ characters, got "ASM_1"/);
    expectProblem(
      `${TWO_CLUSTERS}\nasm: { options: [cni-gcp, "Bad Option"] }\n`,
      /^asm\.options\[1\]: must be an RFC 1035 label of at most \d+ characters, got "Bad Option"/,
    );
  });

  it('refuses in-cluster-only fields in managed mode instead of ignoring them', () => {
    const problems = problemsOf(`${TWO_CLUSTERS}\nasm: { mode: managed, revision: asm-x, options: [a1], asmcliVersion: "1.23" }\n`);
    expect(problems).toEqual([
      'asm.asmcliVersion: applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision',
      'asm.revision: applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision',
      'asm.options: applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision',
    ]);
    expect(config(`${TWO_CLUSTERS}\nasm: { mode: managed }\n`).asm.revision).toBe('asm-managed');
  });

  it("adds the config's overlays after the defaults, unless defaultOverlays is false", () => {
    const paths = (yaml: string) => config(`${TWO_CLUSTERS}\n${yaml}`).asm.overlays.map((overlay) => overlay.path);
    const defaults = ['overlays/egress-registry-only.yaml', 'overlays/multicluster-identity.yaml', 'overlays/access-logging.yaml'];
    expect(paths('')).toEqual(defaults);
    expect(paths('asm: { overlays: [overlays/native-sidecars.yaml] }')).toEqual([...defaults, 'overlays/native-sidecars.yaml']);
    // A default listed again is applied once, where the defaults put it.
    expect(paths('asm: { overlays: [overlays/access-logging.yaml, overlays/native-sidecars.yaml] }')).toEqual([...defaults, 'overlays/native-sidecars.yaml']);
    expect(paths('asm: { defaultOverlays: false, overlays: [overlays/native-sidecars.yaml] }')).toEqual(['overlays/native-sidecars.yaml']);
    expect(paths('asm: { defaultOverlays: false }')).toEqual([]);
    expectProblem(`${TWO_CLUSTERS}\nasm: { defaultOverlays: "no" }\n`, /^asm\.defaultOverlays: /);
  });

  it('refuses an overlay file that is not an IstioOperator', () => {
    expectProblem(
      `${TWO_CLUSTERS}\nasm: { overlays: [cdktf.json] }\n`,
      /^asm\.overlays\[0\]: "cdktf\.json" is not an IstioOperator overlay \(expected apiVersion install\.istio\.io\/v1alpha1, kind IstioOperator\)/,
    );
  });

  it('refuses an overlay file that is not valid YAML, with the line and column', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-overlay-')), 'broken.yaml');
    fs.writeFileSync(file, 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nkind: IstioOperator\n');
    expectProblem(
      `${TWO_CLUSTERS}\nasm: { overlays: [${JSON.stringify(file)}] }\n`,
      /^asm\.overlays\[0\]: ".*broken\.yaml" is not valid YAML \(line 3, column 1: duplicated mapping key\)$/m,
    );
  });

  it('lists earlier revisions to retire, none by default, and refuses the serving one', () => {
    expect(config(TWO_CLUSTERS).asm.retiredRevisions).toEqual([]);
    const bumped = `${TWO_CLUSTERS}\nasm: { asmcliVersion: "1.28.5-asm.12+config1", retiredRevisions: [asm-127] }\n`;
    expect(config(bumped).asm).toMatchObject({ revision: 'asm-1285-12', retiredRevisions: ['asm-127'] });
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { retiredRevisions: [asm-127, asm-128] }\n`)).toEqual([
      'asm.retiredRevisions[1]: is the serving revision asm-128 (from asm.asmcliVersion); retire only an earlier one',
    ]);
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { revision: asm-canary, retiredRevisions: [asm-canary] }\n`)).toEqual([
      'asm.retiredRevisions[0]: is the serving revision asm-canary (from asm.revision); retire only an earlier one',
    ]);
    expectProblem(`${TWO_CLUSTERS}\nasm: { retiredRevisions: [Old_Rev] }\n`, /^asm\.retiredRevisions\[0\]: must be an RFC 1035 label/);
    expect(problemsOf(`${TWO_CLUSTERS}\nasm: { mode: managed, retiredRevisions: [asm-127] }\n`)).toEqual([
      'asm.retiredRevisions: applies only to asm.mode: in-cluster; the managed control plane picks its own version and revision',
    ]);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../../../src/config/load';
import { ConfigError } from '../../../src/config/messages';
import { ASM_MODE_REQUIRED, ASM_REQUIRED } from '../../../src/config/schema';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';
import { problemsOf } from './load-fixture';

/** Problems of YAML parsed exactly as the app parses it (config() supplies a mode). */
function appProblems(yaml: string): string[] {
  try {
    parseConfig(yaml, { source: 't.yaml', baseDir: REPO_ROOT });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

/** An overlay file with the given spec, named as the config names it. */
function overlay(spec: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'managed-overlay-'));
  const file = path.join(dir, 'custom.yaml');
  fs.writeFileSync(file, `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n${spec}`);
  return file;
}

const managed = (overlays: string[]) => `${TWO_CLUSTERS}asm: { mode: managed, overlays: [${overlays.join(', ')}] }\n`;

describe('asm.mode has no default: an app upgrade never switches a running mesh', () => {
  it('refuses a config without asm, and one whose asm does not name the mode, explaining both choices', () => {
    expect(appProblems(TWO_CLUSTERS)).toEqual([`asm: ${ASM_REQUIRED}`]);
    expect(appProblems(`${TWO_CLUSTERS}asm: { overlays: [overlays/egress-registry-only.yaml] }\n`)).toEqual([`asm.mode: ${ASM_MODE_REQUIRED}`]);
    expect(ASM_MODE_REQUIRED).toMatch(
      /"managed" for a new mesh.*"in-cluster" for a mesh asmcli installed \(deprecated on GKE by Google\).*README "From in-cluster to managed"/,
    );
  });

  it.each(['managed', 'in-cluster'] as const)('accepts asm.mode: %s', (mode) => {
    expect(appProblems(`${TWO_CLUSTERS}asm: { mode: ${mode} }\n`)).toEqual([]);
  });

  it('refuses any other mode', () => {
    expect(appProblems(`${TWO_CLUSTERS}asm: { mode: hybrid }\n`)).toEqual([expect.stringMatching(/^asm\.mode: /)]);
  });
});

describe('what the overlays become in managed mode', () => {
  it('places the default overlays: REGISTRY_ONLY and the log encoding in the mesh ConfigMaps, access logs in Telemetry, identity from the fleet', () => {
    expect(config(`${TWO_CLUSTERS}asm: { mode: managed }\n`).asm.managed).toEqual({
      meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' }, accessLogEncoding: 'JSON' },
      accessLogging: true,
    });
  });

  it('adds the trust domain aliases a multi-project mesh needs', () => {
    const clusters = TWO_CLUSTERS.replace('  - name: beta', '  - { name: beta, project: other-project }');
    const yaml = `${clusters}network: { hostProject: host-project }\nasm: { mode: managed }\n`;
    expect(config(yaml).asm.managed?.meshConfig.trustDomainAliases).toEqual(['test-project.svc.id.goog', 'other-project.svc.id.goog']);
  });

  it('computes nothing for in-cluster mode, where asmcli applies the overlays', () => {
    expect(config(TWO_CLUSTERS).asm.managed).toBeUndefined();
  });

  it('turns access logs off when a later overlay sets accessLogFile to ""', () => {
    const off = overlay('  meshConfig:\n    accessLogFile: ""\n');
    expect(config(managed(['overlays/access-logging.yaml', off])).asm.managed?.accessLogging).toBe(false);
  });

  it.each([
    ['overlays/native-sidecars.yaml', 'spec.values.pilot.env.ENABLE_NATIVE_SIDECARS', /Google runs the control plane; its istiod settings cannot be set/],
    ['overlays/internal-load-balancer.yaml', 'spec.components.ingressGateways', /installs no gateways.*ingress\.internal/],
  ])('refuses %s, naming the field %s', (file, field, why) => {
    const problems = problemsOf(managed([file]));
    expect(problems).toEqual([expect.stringContaining(`asm.overlays: "${file}" sets ${field}`)]);
    expect(problems[0]).toMatch(why);
    expect(problems[0]).toContain('which asm.mode: managed cannot honour');
  });

  it('refuses a MeshConfig field it has no placement for, rather than dropping it', () => {
    const file = overlay('  meshConfig:\n    enableTracing: true\n    outboundTrafficPolicy:\n      mode: REGISTRY_ONLY\n');
    expect(problemsOf(managed([file]))).toEqual([
      `asm.overlays: "${file}" sets spec.meshConfig.enableTracing, which asm.mode: managed cannot honour: this app carries no such setting into managed mode (see docs/what-gets-built.md "What the overlays become in managed mode")`,
    ]);
  });

  it('refuses an access log file other than stdout, which the Telemetry API cannot write', () => {
    const file = overlay('  meshConfig:\n    accessLogFile: /var/log/envoy.log\n');
    expect(problemsOf(managed([file]))).toEqual([
      `asm.overlays: "${file}" sets spec.meshConfig.accessLogFile to "/var/log/envoy.log"; managed mode logs through the Telemetry API, which writes only to /dev/stdout (or "" for none)`,
    ]);
  });

  it('accepts the same overlays in in-cluster mode, where asmcli applies them', () => {
    expect(problemsOf(`${TWO_CLUSTERS}asm: { mode: in-cluster, overlays: [overlays/native-sidecars.yaml, overlays/internal-load-balancer.yaml] }\n`)).toEqual(
      [],
    );
  });
});

describe('the sections the messages and examples point to', () => {
  it.each([
    ['README.md', 'From in-cluster to managed'],
    ['docs/operations.md', 'From in-cluster to managed'],
    ['docs/what-gets-built.md', 'What the overlays become in managed mode'],
    ['docs/what-gets-built.md', 'In-cluster or managed?'],
  ])('%s has "%s"', (file, heading) => {
    expect(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')).toContain(`\n### ${heading}\n`);
  });
});

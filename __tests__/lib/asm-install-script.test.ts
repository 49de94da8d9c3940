import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

const SCRIPT = path.join(REPO_ROOT, 'lib', 'asm-install.sh');
const FAKE_ASMCLI = '#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$LOG_DIR/asmcli.args"\nfor a in "$@"; do case "$a" in *overlay-*) cat "$a" >> "$LOG_DIR/overlays.rendered";; esac; done\n';

/** A sandbox of stub tools: curl serves a fake asmcli and its digest; the rest record their arguments. */
function sandbox(publishedDigest?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-install-'));
  const bin = path.join(dir, 'bin');
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(bin);
  fs.mkdirSync(logs);
  const digest = publishedDigest ?? createHash('sha256').update(FAKE_ASMCLI).digest('hex');
  fs.writeFileSync(path.join(dir, 'asmcli.src'), FAKE_ASMCLI);
  const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  stub('curl', `echo "curl $*" >> "$LOG_DIR/calls"
out=""; url=""
while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift 2;; -*) shift;; *) url="$1"; shift;; esac; done
case "$url" in *.sha256) echo "${digest}  asmcli";; *) cp "${path.join(dir, 'asmcli.src')}" "$out";; esac`);
  for (const tool of ['gcloud', 'kubectl', 'jq']) stub(tool, `echo "${tool} $*" >> "$LOG_DIR/calls"`);
  return { dir, logs };
}

function run(args: string[], env: Record<string, string>, box = sandbox()) {
  const result = spawnSync('bash', [SCRIPT, ...args], {
    env: {
      PATH: `${path.join(box.dir, 'bin')}:/usr/bin:/bin`,
      LOG_DIR: box.logs,
      PROJECT_ID: 'p-123456',
      CLUSTER_NAME: 'alpha',
      CLUSTER_LOCATION: 'us-central1',
      REVISION: 'asm-123',
      FLEET_ID: 'p-123456',
      MESH_ID: 'proj-42',
      NETWORK_ID: 'asm-mesh',
      ASMCLI_VERSION: '1.23',
      ...env,
    },
    encoding: 'utf8',
  });
  const read = (file: string) => (fs.existsSync(path.join(box.logs, file)) ? fs.readFileSync(path.join(box.logs, file), 'utf8') : '');
  return { status: result.status, stderr: result.stderr, calls: read('calls'), asmcliArgs: read('asmcli.args').trim().split('\n'), rendered: read('overlays.rendered') };
}

const overlays = ['egress-registry-only.yaml', 'multicluster-identity.yaml'].map((file) => path.join(REPO_ROOT, 'overlays', file));

describe('asm-install.sh', () => {
  it('verifies the download against the published digest, then runs asmcli with every flag', () => {
    const result = run(['install', ...overlays], { OPTIONS: 'cloud-tracing cni-gcp' });
    expect(result.stderr).not.toMatch(/asm-install: /);
    expect(result.status).toBe(0);
    expect(result.calls).toContain('curl -fsSL --retry 3 https://storage.googleapis.com/csm-artifacts/asm/asmcli_1.23 -o');
    expect(result.calls).toContain('curl -fsSL --retry 3 https://storage.googleapis.com/csm-artifacts/asm/asmcli_1.23.sha256');
    expect(result.calls).toContain('gcloud container clusters get-credentials alpha --location us-central1 --project p-123456\n');
    const args = result.asmcliArgs;
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(args[0]).toBe('install');
    expect([flag('--project_id'), flag('--cluster_name'), flag('--cluster_location'), flag('--fleet_id')]).toEqual(['p-123456', 'alpha', 'us-central1', 'p-123456']);
    expect([flag('--ca'), flag('--revision_name'), flag('--network_id')]).toEqual(['mesh_ca', 'asm-123', 'asm-mesh']);
    expect(args.filter((a) => a === '--custom_overlay')).toHaveLength(2);
    expect(args.filter((_, i) => args[i - 1] === '--option')).toEqual(['cloud-tracing', 'cni-gcp']);
    expect(args).toEqual(expect.arrayContaining(['--enable_cluster_roles', '--enable_cluster_labels', '--enable_namespace_creation', '--enable_gcp_components']));
    expect(args).not.toContain('--enable_all');
    expect(result.calls).toContain('kubectl -n istio-system rollout status deployment/istiod-asm-123 --timeout=300s');
  });

  it('fills the per-cluster values into the overlays it passes', () => {
    const result = run(['install', ...overlays], {});
    expect(result.rendered).toContain('meshID: proj-42');
    expect(result.rendered).toContain('clusterName: alpha');
    expect(result.rendered).toContain('network: asm-mesh');
    expect(result.rendered).toContain('mode: REGISTRY_ONLY');
    expect(result.rendered.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n')).not.toMatch(/\$\{/);
  });

  it('refuses to run asmcli when the digest does not match', () => {
    const result = run(['install', ...overlays], {}, sandbox('0'.repeat(64)));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/asm-install: asmcli_1\.23 failed verification: sha256 [0-9a-f]{64}, expected 0{64}/);
    expect(result.asmcliArgs).toEqual(['']);
  });

  it('prefers a pinned digest over the published one', () => {
    const result = run(['install', ...overlays], { ASMCLI_SHA256: 'f'.repeat(64) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/expected f{64}/);
    expect(result.calls).not.toContain('.sha256');
  });

  it('uses the internal IP when the control plane is private', () => {
    const result = run(['install'], { PRIVATE_ENDPOINT: 'true' });
    expect(result.calls).toContain('get-credentials alpha --location us-central1 --project p-123456 --internal-ip');
  });

  it('fails on a placeholder it does not know', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-'));
    const odd = path.join(dir, 'odd.yaml');
    fs.writeFileSync(odd, 'spec:\n  values:\n    global:\n      meshID: ${UNKNOWN}\n');
    const result = run(['install', odd], {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('has a placeholder this installer does not know');
    expect(result.asmcliArgs).toEqual(['']);
  });

  it('uninstalls the revision\'s webhooks and control plane', () => {
    const result = run(['uninstall'], {});
    expect(result.status).toBe(0);
    expect(result.calls).toContain('kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l istio.io/rev=asm-123 --ignore-not-found');
    expect(result.calls).not.toContain('curl');
  });

  it('names a missing input', () => {
    const result = run(['install'], { REVISION: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('asm-install: REVISION is not set');
  });
});

describe('asm-install.sh across projects', () => {
  it('installs every project\'s identity pool as a trust domain alias', () => {
    const box = sandbox();
    const result = run(['install', ...overlays], { TRUST_DOMAIN_ALIASES: 'fleet.svc.id.goog apps.svc.id.goog' }, box);
    expect(result.status).toBe(0);
    expect(result.rendered).toContain('trustDomainAliases:\n      - fleet.svc.id.goog\n      - apps.svc.id.goog\n');
    expect(result.asmcliArgs.filter((a) => a === '--custom_overlay')).toHaveLength(3);
  });

  it('adds no alias overlay for a single project', () => {
    const result = run(['install', ...overlays], {});
    expect(result.rendered).not.toContain('trustDomainAliases');
  });
});

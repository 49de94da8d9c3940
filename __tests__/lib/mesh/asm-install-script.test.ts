import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../support/repo-paths';
import { FAKE_TOOLS as FAKES, readLog, toolSandbox as sandbox } from '../../support/tool-sandbox';

const SCRIPT = path.join(REPO_ROOT, 'lib', 'mesh', 'asm-install.sh');
const TARGET = {
  ASM_PROJECT: 'p-123456',
  ASM_CLUSTER: 'alpha',
  ASM_LOCATION: 'us-central1',
  ASM_REVISION: 'asm-128',
};
const INSTALL = { ...TARGET, ASM_FLEET_PROJECT: 'p-123456', ASM_MESH_ID: 'proj-42', ASM_NETWORK: 'asm-mesh', ASM_ASMCLI_VERSION: '1.28' };

function run(args: string[], env: Record<string, string> = {}, box = sandbox()) {
  const result = spawnSync(path.join(box.bin, 'bash'), [SCRIPT, ...args], {
    env: { PATH: box.bin, LOG_DIR: box.logs, FAKE_ASMCLI: path.join(FAKES, 'asmcli'), ...INSTALL, ...env },
    // stdin not a socket: bash reads ~/.bashrc when stdin is one (as under rshd/sshd), and Node's pipes are sockets.
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const read = (file: string) => readLog(box, file);
  const asmcliArgs = read('asmcli.args').trim().split('\n').filter(Boolean);
  return {
    status: result.status,
    stderr: result.stderr,
    calls: read('calls'),
    asmcliArgs,
    asmcliEnv: read('asmcli.env'),
    /** The project/location/name asmcli identified the cluster as, once through its validation. */
    asmcliCluster: read('asmcli.cluster').trim(),
    rendered: read('overlays.rendered'),
  };
}

const overlays = ['egress-registry-only.yaml', 'multicluster-identity.yaml'].map((file) => path.join(REPO_ROOT, 'overlays', file));
/** An install with the overlays and nothing else set: three tests read the one run. */
let plainInstall: ReturnType<typeof run> | undefined;
const plainInstallRun = () => (plainInstall ??= run(['install', ...overlays]));
const flag = (args: string[], name: string) => args[args.indexOf(name) + 1];

describe('asm-install.sh install', () => {
  it("gets through asmcli's validation, identifying the cluster by its kubeconfig context alone", () => {
    const result = run(['install', ...overlays], { ASM_OPTIONS: 'cloud-tracing cni-gcp' });
    expect(result.stderr).not.toMatch(/asm-install: |\[ERROR\]/);
    expect(result.status).toBe(0);
    expect(result.asmcliCluster).toBe('p-123456/us-central1/alpha');
    const args = result.asmcliArgs;
    expect(args[0]).toBe('install');
    expect(args).not.toEqual(expect.arrayContaining(['--project_id']));
    expect(args).not.toContain('--cluster_name');
    expect(args).not.toContain('--cluster_location');
    expect(flag(args, '--context')).toBe('gke_p-123456_us-central1_alpha');
    expect([flag(args, '--fleet_id'), flag(args, '--network_id'), flag(args, '--ca'), flag(args, '--revision_name')]).toEqual([
      'p-123456',
      'asm-mesh',
      'mesh_ca',
      'asm-128',
    ]);
    expect(args.filter((a) => a === '--custom_overlay')).toHaveLength(2);
    expect(args.filter((_, i) => args[i - 1] === '--option')).toEqual(['cloud-tracing', 'cni-gcp']);
    expect(args).toEqual(
      expect.arrayContaining(['--enable_cluster_roles', '--enable_cluster_labels', '--enable_namespace_creation', '--enable_gcp_components']),
    );
    expect(args).not.toContain('--enable_all');
    expect(args).not.toContain('--enable_gcp_iam_roles');
    expect(result.calls).toContain('gcloud container clusters get-credentials alpha --location us-central1 --project p-123456\n');
    expect(result.calls).toContain('kubectl -n istio-system rollout status deployment/istiod-asm-128 --timeout=300s');
  });

  it("keeps asmcli's own environment inputs from it, so an exported PROJECT_ID cannot make it refuse", () => {
    const exported = {
      PROJECT_ID: 'elsewhere',
      CLUSTER_NAME: 'other',
      CLUSTER_LOCATION: 'asia-east1',
      FLEET_ID: 'x',
      NETWORK_ID: 'y',
      REV: '9',
      _CI_NO_VALIDATE: '1',
    };
    const result = run(['install', ...overlays], exported);
    expect(result.status).toBe(0);
    expect(result.asmcliCluster).toBe('p-123456/us-central1/alpha');
    for (const name of Object.keys(exported)) expect(result.asmcliEnv).not.toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('the fake refuses what the real asmcli refuses: --kubeconfig beside an exported PROJECT_ID', () => {
    const box = sandbox();
    const asmcli = spawnSync(path.join(box.bin, 'bash'), [path.join(FAKES, 'asmcli'), 'install', '--kubeconfig', '/dev/null', '--context', 'gke_p_l_n'], {
      env: { PATH: box.bin, LOG_DIR: box.logs, PROJECT_ID: 'p' },
      encoding: 'utf8',
    });
    expect(asmcli.status).toBe(2);
    expect(asmcli.stderr).toContain('Incompatible arguments. Kubeconfig cannot be used in conjunction with [--cluster_location|--cluster_name|--project_id].');
  });

  it("verifies the download against its own line of Google's two-line digest file", () => {
    const result = plainInstallRun();
    expect(result.status).toBe(0);
    expect(result.calls).toContain('curl -fsSL --retry 3 https://storage.googleapis.com/csm-artifacts/asm/asmcli_1.28 -o');
    expect(result.calls).toContain('curl -fsSL --retry 3 https://storage.googleapis.com/csm-artifacts/asm/asmcli_1.28.sha256 -o');
  });

  it('names the version when Google publishes no such asmcli', () => {
    const result = run(['install'], { ASM_ASMCLI_VERSION: '1.19' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('404');
    expect(result.asmcliArgs).toEqual([]);
  });

  it('downloads a full version under its published name, with "+" as "-"', () => {
    const result = run(['install', ...overlays], { ASM_ASMCLI_VERSION: '1.28.5-asm.12+config1' });
    expect(result.stderr).not.toMatch(/asm-install: /);
    expect(result.status).toBe(0);
    expect(result.calls).toContain('https://storage.googleapis.com/csm-artifacts/asm/asmcli_1.28.5-asm.12-config1 -o');
  });

  it('refuses to run asmcli when the digest does not match', () => {
    const result = run(['install', ...overlays], { FAKE_DIGEST: '0'.repeat(64) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/asm-install: asmcli_1\.28 failed verification: sha256 [0-9a-f]{64}, expected 0{64}/);
    expect(result.asmcliArgs).toEqual([]);
  });

  it('refuses a digest file without a digest for the download', () => {
    const missing = run(['install', ...overlays], { FAKE_DIGEST: 'not-a-digest' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('asmcli_1.28.sha256 has no single digest for asmcli_1.28');
    expect(missing.asmcliArgs).toEqual([]);
  });

  it('prefers a pinned digest over the published one', () => {
    const result = run(['install', ...overlays], { ASM_ASMCLI_SHA256: 'f'.repeat(64) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/expected f{64}/);
    expect(result.calls).not.toContain('.sha256');
  });

  it('reaches a private control plane on its internal IP', () => {
    const result = run(['install'], { ASM_PRIVATE_ENDPOINT: 'true' });
    expect(result.status).toBe(0);
    expect(result.calls).toContain('get-credentials alpha --location us-central1 --project p-123456 --internal-ip');
  });

  it('fills the per-cluster values into the overlays it passes', () => {
    const result = plainInstallRun();
    expect(result.rendered).toContain('meshID: proj-42');
    expect(result.rendered).toContain('clusterName: alpha');
    expect(result.rendered).toContain('network: asm-mesh');
    expect(result.rendered).toContain('mode: REGISTRY_ONLY');
    expect(
      result.rendered
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n'),
    ).not.toMatch(/\$\{/);
  });

  it('fails on a placeholder it does not know', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlay-'));
    const odd = path.join(dir, 'odd.yaml');
    fs.writeFileSync(odd, 'spec:\n  values:\n    global:\n      meshID: ${UNKNOWN}\n');
    const result = run(['install', odd]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('has a placeholder this installer does not know');
    expect(result.asmcliArgs).toEqual([]);
  });

  it('the fake refuses an option the package does not ship', () => {
    const result = run(['install'], { ASM_OPTIONS: 'no-such-option' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Couldn't find yaml file no-such-option.");
  });

  it('names a missing input', () => {
    const result = run(['install'], { ASM_REVISION: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('asm-install: ASM_REVISION is not set');
  });
});

describe('asm-install.sh prerequisites', () => {
  it.each([['csplit'], ['git'], ['jq'], ['gke-gcloud-auth-plugin'], ['sha256sum']])('names a missing %s before it downloads anything', (tool) => {
    const result = run(['install', ...overlays], {}, sandbox([tool]));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`asm-install: missing on the deploying machine: ${tool} (see README: Prerequisites)`);
    expect(result.calls).not.toContain('curl');
  });

  it('names every missing tool in one message', () => {
    const result = run(['install'], {}, sandbox(['csplit', 'git']));
    expect(result.stderr).toContain('missing on the deploying machine: git csplit');
  });

  it('needs only gcloud, kubectl and the auth plugin to uninstall', () => {
    const result = run(['uninstall'], {}, sandbox(['csplit', 'git', 'jq', 'curl', 'sha256sum']));
    expect(result.status).toBe(0);
  });
});

describe('asm-install.sh installer roles', () => {
  it('stops before downloading when the gcloud account lacks a role, and prints the grant', () => {
    const result = run(['install'], { FAKE_IAM: 'user:deployer@example.com roles/container.admin' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('asmcli requires roles/meshconfig.admin bound directly to user:deployer@example.com in p-123456');
    expect(result.stderr).toContain('gcloud projects add-iam-policy-binding p-123456 --member=user:deployer@example.com --role=roles/meshconfig.admin');
    expect(result.calls).not.toContain('curl');
  });

  it('does not count a grant through a group, as asmcli does not', () => {
    const result = run(['install'], { FAKE_IAM: 'group:platform@example.com roles/owner' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('asmcli requires roles/container.admin roles/meshconfig.admin bound directly to user:deployer@example.com');
  });

  it('accepts a direct owner binding', () => {
    expect(run(['install'], { FAKE_IAM: 'user:deployer@example.com roles/owner' }).status).toBe(0);
  });

  it('checks a service account as serviceAccount:', () => {
    const result = run(['install'], {
      FAKE_ACCOUNT: 'ci@p-123456.iam.gserviceaccount.com',
      FAKE_IAM: 'serviceAccount:ci@p-123456.iam.gserviceaccount.com roles/owner',
    });
    expect(result.status).toBe(0);
  });

  it('checks the impersonated service account when gcloud impersonates one', () => {
    const result = run(['install'], { FAKE_IMPERSONATE: 'deploy@p-123456.iam.gserviceaccount.com' });
    expect(result.stderr).toContain('bound directly to serviceAccount:deploy@p-123456.iam.gserviceaccount.com');
  });

  it('asks for gcloud auth login when gcloud has no active account', () => {
    const result = run(['install'], { FAKE_ACCOUNT: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('gcloud has no active account: run gcloud auth login');
  });
});

describe('asm-install.sh uninstall', () => {
  it("removes the revision's webhooks and control plane", () => {
    const result = run(['uninstall']);
    expect(result.status).toBe(0);
    expect(result.calls).toContain('kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l istio.io/rev=asm-128 --ignore-not-found');
    expect(result.calls).not.toContain('curl');
  });
});

describe('asm-install.sh across projects', () => {
  it("installs every project's identity pool as a trust domain alias", () => {
    const result = run(['install', ...overlays], { ASM_TRUST_DOMAIN_ALIASES: 'fleet.svc.id.goog apps.svc.id.goog' });
    expect(result.status).toBe(0);
    expect(result.rendered).toContain('trustDomainAliases:\n      - fleet.svc.id.goog\n      - apps.svc.id.goog\n');
    expect(result.asmcliArgs.filter((a) => a === '--custom_overlay')).toHaveLength(3);
  });

  it('adds no alias overlay for a single project', () => {
    const result = plainInstallRun();
    expect(result.rendered).not.toContain('trustDomainAliases');
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../support/repo-paths';
import { gkeLoadBalancer, writeModel } from '../../support/gcp-stand-ins';
import { readLog, toolSandbox } from '../../support/tool-sandbox';

const SCRIPT = path.join(REPO_ROOT, 'lib', 'core', 'teardown.sh');
const API = 'https://www.googleapis.com/compute/v1';
const NETWORK = `${API}/projects/host-project/global/networks/mesh`;
const CLUSTER = {
  project: 'apps-project',
  name: 'alpha',
  network: NETWORK,
  subnetwork: `${API}/projects/host-project/regions/us-central1/subnetworks/mesh-alpha`,
};

/** Runs one step against a project model; returns its exit status, stderr and what is left. */
function run(step: string, model: Record<string, Record<string, unknown>[]>[], env: Record<string, string>, bashArgs: readonly string[] = [SCRIPT]) {
  const box = toolSandbox();
  const file = path.join(box.dir, 'gcp.json');
  writeModel(file, model);
  const result = spawnSync(path.join(box.bin, 'bash'), [...bashArgs, step], {
    env: { PATH: box.bin, HOME: box.dir, LOG_DIR: box.logs, FAKE_GCP: file, TEARDOWN_POLL_SECONDS: '0', ...env },
    // stdin not a socket: bash reads ~/.bashrc when stdin is one (as under rshd/sshd), and Node's pipes are sockets.
    stdio: ['ignore', 'pipe', 'pipe'],
    // A wait that never ends fails the test rather than hanging it (spawnSync outlives jest's timeout).
    timeout: 30_000,
    encoding: 'utf8',
  });
  const left = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { name: string }[]>;
  const calls = readLog(box, 'calls');
  fs.rmSync(box.dir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, left, calls };
}

const NETWORK_CLEAN = {
  TD_NETWORK: 'projects/host-project/global/networks/mesh',
  TD_NETWORK_PROJECT: 'host-project',
  TD_PROJECTS: 'host-project apps-project',
};

describe('teardown.sh network-clean', () => {
  it('removes what GKE left on the VPC in every project, forwarding rules before NEGs before firewall rules', () => {
    const { status, left, calls } = run('network-clean', [gkeLoadBalancer(CLUSTER, 'host-project', 'us-central1-a')], {
      ...NETWORK_CLEAN,
      TEARDOWN_WAIT_SECONDS: '0.3',
      TEARDOWN_POLL_SECONDS: '0.05',
    });
    expect(status).toBe(0);
    expect([left.forwardingRules, left.negs, left.firewalls]).toEqual([[], [], []]);
    const deletes = calls.split('\n').filter((line) => / delete /.test(line));
    expect(deletes.map((line) => line.split(' ')[2])).toEqual(['forwarding-rules', 'network-endpoint-groups', 'firewall-rules']);
    expect(deletes[0]).toMatch(/--region us-central1 --project apps-project --quiet$/);
    expect(deletes[2]).toMatch(/--project host-project --quiet$/);
  });

  it("leaves what is not GKE's alone and finishes when nothing of GKE's is left", () => {
    const own = {
      forwardingRules: [{ project: 'apps-project', name: 'my-psc', region: 'us-central1', network: NETWORK, description: '', selfLink: `${API}/x` }],
    };
    const { status, left } = run('network-clean', [own], { ...NETWORK_CLEAN, TEARDOWN_WAIT_SECONDS: '0.3' });
    expect(status).toBe(0);
    expect(left.forwardingRules.map((each) => each.name)).toEqual(['my-psc']);
  });

  it('gives up after its bound, naming each object left and the command that removes it', () => {
    const lb = gkeLoadBalancer(CLUSTER, 'host-project', 'us-central1-a');
    // A backend service still using the NEG: GCP refuses the NEG's delete.
    const backend = {
      backendServices: [
        { project: 'apps-project', name: 'other', backends: [lb.negs[0].selfLink], selfLink: `${API}/projects/apps-project/global/backendServices/other` },
      ],
    };
    const started = Date.now();
    const { status, stderr } = run('network-clean', [lb, backend], { ...NETWORK_CLEAN, TEARDOWN_WAIT_SECONDS: '0.3', TEARDOWN_POLL_SECONDS: '0.05' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(status).toBe(1);
    expect(stderr).toMatch(/after 0\.3s, network mesh still holds load balancer objects GKE made/);
    expect(stderr).toContain(`  gcloud compute network-endpoint-groups delete ${lb.negs[0].name} --zone us-central1-a --project apps-project --quiet`);
    expect(stderr).toMatch(/is already being used by 'projects\/apps-project\/global\/backendServices\/other'/);
  });

  it('fails, rather than reading an empty list, when gcloud cannot list', () => {
    const { status, stderr } = run('network-clean', [], { ...NETWORK_CLEAN, FAKE_GCP: '/nonexistent/model.json' });
    expect(status).not.toBe(0);
    expect(stderr).not.toMatch(/no load balancer object/);
  });
});

const PEERING = {
  peerings: [
    {
      project: 'host-project',
      name: 'servicenetworking-googleapis-com',
      network: NETWORK,
      ranges: [],
      selfLink: `${NETWORK}/peerings/servicenetworking-googleapis-com`,
    },
  ],
};
/** A Cloud SQL instance on the VPC deleted just now. */
const sqlJustDeleted = () => ({ sqlInstances: [{ project: 'apps-project', name: 'db', network: NETWORK, deletedAt: Math.floor(Date.now() / 1000) }] });
const PEERING_ENV = { TD_NETWORK: 'projects/host-project/global/networks/mesh', TD_NETWORK_PROJECT: 'host-project' };

describe('teardown.sh service-peering', () => {
  it('retries while Cloud SQL still holds the connection, then deletes it', () => {
    const { status, stderr, left } = run('service-peering', [PEERING, sqlJustDeleted()], {
      ...PEERING_ENV,
      FAKE_SQL_HOLD_ATTEMPTS: '2',
      TEARDOWN_POLL_SECONDS: '0.05',
      TEARDOWN_WAIT_SECONDS: '30',
    });
    expect(status).toBe(0);
    expect(stderr).toMatch(/retrying: .*Producer services \(e\.g\. CloudSQL, Cloud Memstore, etc\.\) are still using this connection/);
    expect(stderr).toMatch(/deleted the private services access connection of mesh/);
    expect(left.peerings).toEqual([]);
  });

  it('after its bound, drops the VPC side of the peering and says so', () => {
    const { status, stderr, left, calls } = run('service-peering', [PEERING, sqlJustDeleted()], {
      ...PEERING_ENV,
      FAKE_SQL_HOLD_ATTEMPTS: '1000000',
      TEARDOWN_WAIT_SECONDS: '0.2',
      TEARDOWN_POLL_SECONDS: '0.05',
    });
    expect(status).toBe(0);
    expect(stderr).toContain('gcloud compute networks peerings delete servicenetworking-googleapis-com --network mesh --project host-project --quiet');
    expect(calls).toContain('gcloud compute networks peerings delete servicenetworking-googleapis-com --network mesh --project host-project --quiet');
    expect(left.peerings).toEqual([]);
  });

  it('has nothing to do when there is no peering', () => {
    const { status, calls } = run('service-peering', [], PEERING_ENV);
    expect(status).toBe(0);
    expect(calls).not.toMatch(/delete/);
  });
});

const MANAGED = {
  TD_FLEET_PROJECT: 'fleet-project',
  TD_MEMBERSHIP: 'alpha',
  TD_MEMBERSHIP_LOCATION: 'global',
  TD_PROJECT: 'apps-project',
  TD_CLUSTER: 'alpha',
  TD_LOCATION: 'us-central1',
  TD_PRIVATE_ENDPOINT: 'true',
  FAKE_CRDS: 'controlplanerevisions.mesh.cloud.google.com',
  FAKE_CPRS: 'asm-managed-rapid',
};

describe('teardown.sh managed-mesh', () => {
  it('switches the membership to manual, then deletes the controlplanerevisions and waits for their finalizers', () => {
    const { status, calls } = run('managed-mesh', [], { ...MANAGED, FAKE_CPR_FINALIZER_POLLS: '2', TEARDOWN_WAIT_SECONDS: '30' });
    expect(status).toBe(0);
    const lines = calls.trim().split('\n');
    const manual = lines.indexOf('gcloud container fleet mesh update --management manual --memberships alpha --location global --project fleet-project');
    const remove = lines.indexOf('kubectl delete controlplanerevision -n istio-system --all --ignore-not-found --wait=false');
    expect(manual).toBeGreaterThanOrEqual(0);
    expect(remove).toBeGreaterThan(manual);
    expect(lines).toContain('gcloud container clusters get-credentials alpha --location us-central1 --project apps-project --internal-ip');
    expect(lines.filter((line) => line === 'kubectl get controlplanerevision -n istio-system -o name')).toHaveLength(3);
  });

  it('gives up after its bound, naming the revisions left and the command that removes them', () => {
    const started = Date.now();
    const { status, stderr } = run('managed-mesh', [], {
      ...MANAGED,
      FAKE_CPR_FINALIZER_POLLS: '1000000',
      TEARDOWN_WAIT_SECONDS: '0.5',
      TEARDOWN_POLL_SECONDS: '0.05',
    });
    // The fraction is a real wait, not rounded down to none.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(status).toBe(1);
    expect(stderr).toMatch(/after 0\.5s, alpha still has: controlplanerevision\.mesh\.cloud\.google\.com\/asm-managed-rapid/);
    expect(stderr).toContain('kubectl delete -n istio-system controlplanerevision.mesh.cloud.google.com/asm-managed-rapid');
  });

  it('goes on when the cluster has no controlplanerevision CRD', () => {
    const { status, stderr, calls } = run('managed-mesh', [], { ...MANAGED, FAKE_CRDS: '' });
    expect(status).toBe(0);
    expect(stderr).toMatch(/no controlplanerevision to delete in alpha/);
    expect(calls).not.toMatch(/kubectl delete/);
  });
});

describe('teardown.sh', () => {
  it('refuses an unknown step and a missing input, naming them', () => {
    expect(run('network', [], {}).stderr).toMatch(/unknown step "network"; expected network-clean, service-peering or managed-mesh/);
    expect(run('service-peering', [], { TD_NETWORK: 'mesh' }).stderr).toMatch(/TD_NETWORK_PROJECT is not set/);
  });

  it('takes its defaults when neither bound is set (poll 15 s, bound 300 s)', () => {
    const { status, stderr } = run('service-peering', [PEERING], { ...PEERING_ENV, TEARDOWN_POLL_SECONDS: '' });
    expect(stderr).toMatch(/deleted the private services access connection of mesh/);
    expect(status).toBe(0);
  });

  it.each([
    ['TEARDOWN_WAIT_SECONDS', 'ten'],
    ['TEARDOWN_WAIT_SECONDS', '-1'],
    ['TEARDOWN_POLL_SECONDS', '1e3'],
    ['TEARDOWN_POLL_SECONDS', '0.1234567'],
  ])('refuses %s=%j before touching anything', (name, value) => {
    const { status, stderr, calls } = run('service-peering', [PEERING], { ...PEERING_ENV, [name]: value });
    expect(status).toBe(1);
    expect(stderr).toContain(`teardown service-peering: ${name} must be a number of seconds such as 15 or 0.5, got "${value}"`);
    expect(calls).toBe('');
  });

  it('counts whole seconds on a bash without EPOCHREALTIME (before 5.0)', () => {
    const { status, stderr } = run(
      'managed-mesh',
      [],
      { ...MANAGED, FAKE_CPR_FINALIZER_POLLS: '1000000', TEARDOWN_WAIT_SECONDS: '1', TEARDOWN_POLL_SECONDS: '0.3' },
      ['-c', 'unset EPOCHREALTIME; source "$0" "$@"', SCRIPT],
    );
    expect(status).toBe(1);
    expect(stderr).toMatch(/after 1s, alpha still has/);
    // Only the script's own lines (and the fake gcloud's): no bash error on the way there.
    for (const line of stderr.trimEnd().split('\n')) expect(line).toMatch(/^(teardown managed-mesh: | {2}gcloud |kubeconfig entry generated)/);
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../../support/repo-paths';
import { readLog, toolSandbox } from '../../support/tool-sandbox';

const SCRIPT = path.join(REPO_ROOT, 'lib', 'mesh', 'managed-mesh-ready.sh');
const CRDS = 'gateways.networking.istio.io peerauthentications.security.istio.io';

/** gkehub v1 ServiceMeshCondition: a membership-level condition (troubleshoot-with-feature-state-condition). */
interface Condition {
  readonly code: string;
  readonly details: string;
  readonly documentationLink: string;
  readonly severity: 'ERROR' | 'WARNING' | 'INFO';
}

/**
 * The servicemesh Feature as `gcloud container fleet mesh describe --format=json` prints it: per
 * membership, servicemesh.controlPlaneManagement.{details[{code, details}], state, implementation}
 * and servicemesh.conditions[{code, details, documentationLink, severity}] (Cloud Service Mesh docs,
 * check-control-plane-implementation and troubleshoot-with-feature-state-condition; gkehub v1
 * ServiceMeshMembershipState). REVISION_READY is the details code Google's docs show for a ready
 * revision; the details codes of other states below are illustrative (the API types them as free
 * strings and the docs list none), so no test depends on their values.
 */
function feature(
  state: string,
  membership = 'projects/123456789/locations/us-central1/memberships/alpha',
  implementation = 'TRAFFIC_DIRECTOR',
  details = [{ code: state === 'ACTIVE' ? 'REVISION_READY' : 'PROVISIONING', details: state === 'ACTIVE' ? 'Ready: asm-managed' : 'Provisioning' }],
  conditions: readonly Condition[] = [],
): string {
  return JSON.stringify({
    name: 'projects/fleet-project/locations/global/features/servicemesh',
    resourceState: { state: 'ACTIVE' },
    membershipSpecs: { [membership]: { mesh: { management: 'MANAGEMENT_AUTOMATIC' } } },
    membershipStates: {
      [membership]: {
        servicemesh: {
          controlPlaneManagement: { details, state, ...(state === 'PROVISIONING' ? {} : { implementation }) },
          ...(conditions.length > 0 ? { conditions } : {}),
        },
        state: { code: 'OK' },
      },
    },
  });
}

/** A documented condition code (gkehub v1 ServiceMeshCondition.code); details and link illustrative. */
const CROSS_PROJECT_DENIED: Condition = {
  code: 'MESH_IAM_CROSS_PROJECT_PERMISSION_DENIED',
  details: 'The fleet project service agent lacks roles/anthosservicemesh.serviceAgent in the cluster project',
  documentationLink: 'https://cloud.google.com/service-mesh/docs/troubleshooting/troubleshoot-with-feature-state-condition',
  severity: 'ERROR',
};

/** How gcloud 528 reports a 403 (calliope: "ERROR: (<command path>) <status>: <message>"). */
const PERMISSION_DENIED =
  "ERROR: (gcloud.container.fleet.mesh.describe) PERMISSION_DENIED: Permission 'gkehub.features.get' denied on 'projects/fleet-project/locations/global/features/servicemesh'";
/** A transient failure: the wait goes on through it. */
const UNAVAILABLE = 'ERROR: (gcloud.container.fleet.mesh.describe) UNAVAILABLE: The service is currently unavailable.';

const ALPHA = 'projects/123456789/locations/us-central1/memberships/alpha';
/** A wait that gives up after a few polls: the script takes fractions of a second. */
const GIVE_UP_SOON = { MCP_TIMEOUT_SECONDS: '0.2', MCP_POLL_SECONDS: '0.05' };

function run(states: string[], env: Record<string, string> = {}, bashArgs: readonly string[] = [SCRIPT]) {
  const box = toolSandbox();
  const statesFile = path.join(box.dir, 'states');
  fs.writeFileSync(statesFile, states.join('\n') + '\n');
  const result = spawnSync(path.join(box.bin, 'bash'), bashArgs, {
    env: {
      PATH: box.bin,
      LOG_DIR: box.logs,
      FAKE_MESH_STATES: statesFile,
      FAKE_CRDS: CRDS,
      MCP_FLEET_PROJECT: 'fleet-project',
      MCP_MEMBERSHIP: 'alpha',
      MCP_MEMBERSHIP_LOCATION: 'us-central1',
      MCP_PROJECT: 'apps-project',
      MCP_CLUSTER: 'alpha',
      MCP_LOCATION: 'us-central1-a',
      MCP_PRIVATE_ENDPOINT: 'true',
      MCP_CRDS: CRDS,
      MCP_CONFIG_MAPS: 'istio-asm-managed asm-options',
      MCP_TIMEOUT_SECONDS: '60',
      MCP_POLL_SECONDS: '0',
      ...env,
    },
    // stdin not a socket: bash reads ~/.bashrc when stdin is one (as under rshd/sshd), and Node's pipes are sockets.
    stdio: ['ignore', 'pipe', 'pipe'],
    // A wait that never ends fails the test rather than hanging it (spawnSync outlives jest's timeout).
    timeout: 30_000,
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, calls: readLog(box, 'calls'), describes: Number(readLog(box, 'mesh-describes') || 0) };
}

describe('managed-mesh-ready.sh', () => {
  /** A wait through PROVISIONING to ACTIVE: two tests read the one run. */
  let provisioned: ReturnType<typeof run> | undefined;
  const provisionedRun = () => (provisioned ??= run([feature('PROVISIONING'), feature('PROVISIONING'), feature('ACTIVE')]));

  it("polls the fleet until the membership's control plane is ACTIVE, then waits for the CRDs", () => {
    const result = provisionedRun();
    expect(result.stderr).not.toMatch(/managed-mesh-ready: .*not ACTIVE/);
    expect(result.status).toBe(0);
    expect(result.describes).toBe(3);
    expect(result.calls).toContain('gcloud container fleet mesh describe --project fleet-project --format=json');
    expect(result.calls).toContain('gcloud container clusters get-credentials alpha --location us-central1-a --project apps-project --internal-ip');
    expect(result.calls).toMatch(/kubectl wait --for=condition=Established crd\/gateways\.networking\.istio\.io --timeout=\d+s/);
    expect(result.calls).toMatch(/kubectl wait --for=condition=Established crd\/peerauthentications\.security\.istio\.io/);
  });

  it('names the implementation it got', () => {
    const result = provisionedRun();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('managed-mesh-ready: alpha: control plane ACTIVE, implementation TRAFFIC_DIRECTOR, CRDs established');
    expect(run([feature('ACTIVE', ALPHA, 'UPDATING')]).stderr).toContain('control plane ACTIVE, implementation UPDATING, CRDs established');
  });

  // Illustrative details codes (see feature()).
  it.each([
    ['FAILED_PRECONDITION', { code: 'PRECONDITION_FAILED', details: 'Required API meshconfig.googleapis.com is not enabled' }],
    ['STALLED', { code: 'RECONCILIATION_STALLED', details: 'Unable to provision the control plane' }],
  ])('fails at the first %s, printing what Google says and what to do', (state, detail) => {
    const result = run([feature(state, ALPHA, 'TRAFFIC_DIRECTOR', [detail])], { MCP_TIMEOUT_SECONDS: '60', MCP_POLL_SECONDS: '1' });
    expect(result.status).not.toBe(0);
    expect(result.describes).toBe(1);
    expect(result.stderr).toContain(
      `managed-mesh-ready: the managed control plane of alpha is ${state} (implementation: TRAFFIC_DIRECTOR); Google says: ${detail.code}: ${detail.details}. Fix what it names`,
    );
    expect(result.stderr).toContain('waiting will not help');
    expect(result.calls).not.toContain('get-credentials');
  });

  it.each(['NEEDS_ATTENTION', 'DEGRADED'])('goes on at %s, which still serves, with a warning that carries the details', (state) => {
    const detail = {
      code: 'MISCONFIGURED', // illustrative (see feature())
      details: 'Sidecar injection webhook is not reachable',
    };
    const result = run([feature(state, ALPHA, 'TRAFFIC_DIRECTOR', [detail])]);
    expect(result.status).toBe(0);
    expect(result.describes).toBe(1);
    expect(result.stderr).toContain(
      `managed-mesh-ready: WARNING: alpha: control plane ${state} (serving); Google says: MISCONFIGURED: Sidecar injection webhook is not reachable.`,
    );
    expect(result.stderr).toContain(`control plane ${state}, implementation TRAFFIC_DIRECTOR, CRDs established`);
  });

  it('keeps waiting through DISABLED, which a new membership reports before provisioning', () => {
    const result = run([feature('DISABLED', ALPHA, 'TRAFFIC_DIRECTOR', []), feature('ACTIVE')]);
    expect(result.status).toBe(0);
    expect(result.describes).toBe(2);
  });

  it('fails at once on DEPROVISIONING: Google is removing the control plane, waiting would only reach DISABLED', () => {
    const result = run([feature('DEPROVISIONING', ALPHA, 'TRAFFIC_DIRECTOR', [])], { MCP_TIMEOUT_SECONDS: '60', MCP_POLL_SECONDS: '1' });
    expect(result.status).not.toBe(0);
    expect(result.describes).toBe(1);
    expect(result.stderr).toContain('managed-mesh-ready: the managed control plane of alpha is DEPROVISIONING: Google is removing it');
    expect(result.calls).not.toContain('get-credentials');
  });

  it('fails at once on a condition of severity ERROR, naming its code, details and documentation link', () => {
    const result = run([feature('PROVISIONING', ALPHA, 'TRAFFIC_DIRECTOR', undefined, [CROSS_PROJECT_DENIED])], {
      MCP_TIMEOUT_SECONDS: '60',
      MCP_POLL_SECONDS: '1',
    });
    expect(result.status).not.toBe(0);
    expect(result.describes).toBe(1);
    expect(result.stderr).toContain(
      `managed-mesh-ready: the mesh of alpha reports an ERROR condition: ${CROSS_PROJECT_DENIED.code}: ${CROSS_PROJECT_DENIED.details}; see ${CROSS_PROJECT_DENIED.documentationLink}.`,
    );
    expect(result.calls).not.toContain('get-credentials');
  });

  it('prints WARNING and INFO conditions and goes on', () => {
    const warning: Condition = { ...CROSS_PROJECT_DENIED, code: 'CNI_POD_UNSCHEDULABLE', details: 'istio-cni-node cannot be scheduled', severity: 'WARNING' };
    const result = run([feature('PROVISIONING', ALPHA, 'TRAFFIC_DIRECTOR', undefined, [warning]), feature('ACTIVE')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`conditions: CNI_POD_UNSCHEDULABLE (WARNING): istio-cni-node cannot be scheduled [${warning.documentationLink}]`);
  });

  it('stops at once when gcloud is denied, printing its error', () => {
    const result = run([PERMISSION_DENIED], { MCP_TIMEOUT_SECONDS: '60', MCP_POLL_SECONDS: '1' });
    expect(result.status).not.toBe(0);
    expect(result.describes).toBe(1);
    expect(result.stderr).toContain(`managed-mesh-ready: gcloud cannot read the fleet's mesh state, and waiting will not change that: ${PERMISSION_DENIED}`);
  });

  it('waits through a transient gcloud error, showing it', () => {
    const result = run([UNAVAILABLE, feature('ACTIVE')]);
    expect(result.status).toBe(0);
    expect(result.describes).toBe(2);
    expect(result.stderr).toContain(`managed-mesh-ready: alpha: gcloud failed, will retry: ${UNAVAILABLE}`);
  });

  it("prints gcloud's last error when the wait gives up", () => {
    const result = run([UNAVAILABLE], GIVE_UP_SOON);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `managed-mesh-ready: the managed control plane of alpha is not ACTIVE after 0.2s; last state: {}. Last gcloud error: ${UNAVAILABLE} See:`,
    );
  });

  it('creates only the ConfigMaps provisioning did not', () => {
    const result = run([feature('ACTIVE')], { FAKE_CONFIG_MAPS: 'asm-options' });
    expect(result.status).toBe(0);
    expect(result.calls).toContain('kubectl -n istio-system create configmap istio-asm-managed');
    expect(result.calls).not.toContain('create configmap asm-options');
  });

  it('fails after the timeout with the last state the fleet reported', () => {
    const started = Date.now();
    const result = run([feature('PROVISIONING')], GIVE_UP_SOON);
    // The fraction is a real wait, not rounded down to none.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/managed-mesh-ready: the managed control plane of alpha is not ACTIVE after 0\.2s; last state: \{.*"state":"PROVISIONING"/);
    expect(result.calls).not.toContain('get-credentials');
  });

  it("does not take another membership's ACTIVE state for its own", () => {
    const result = run([feature('ACTIVE', 'projects/123456789/locations/us-central1/memberships/beta')], GIVE_UP_SOON);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('last state: {}');
  });

  it('fails when a CRD never appears', () => {
    // One deadline covers both waits: the fleet's, then the CRDs'.
    const result = run([feature('ACTIVE')], { FAKE_CRDS: 'gateways.networking.istio.io', ...GIVE_UP_SOON });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('CRD peerauthentications.security.istio.io is not installed in alpha after 0.2s');
  });

  it('takes the durations as Terraform passes them: whole seconds, and no poll interval (15 s)', () => {
    expect(run([feature('ACTIVE')], { MCP_TIMEOUT_SECONDS: '1200', MCP_POLL_SECONDS: '' }).status).toBe(0);
  });

  it('counts whole seconds on a bash without EPOCHREALTIME (before 5.0)', () => {
    const result = run([feature('PROVISIONING')], { MCP_TIMEOUT_SECONDS: '1', MCP_POLL_SECONDS: '0.3' }, ['-c', 'unset EPOCHREALTIME; source "$0"', SCRIPT]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('managed-mesh-ready: the managed control plane of alpha is not ACTIVE after 1s; last state: {');
    // Only the script's own lines: no bash error on the way there.
    for (const line of result.stderr.trimEnd().split('\n')) expect(line).toMatch(/^managed-mesh-ready: /);
  });

  it.each([
    ['MCP_TIMEOUT_SECONDS', 'ten'],
    ['MCP_TIMEOUT_SECONDS', '-1'],
    ['MCP_POLL_SECONDS', '1e3'],
    ['MCP_POLL_SECONDS', '0.1234567'],
  ])('refuses %s=%j before asking the fleet', (name, value) => {
    const result = run([feature('ACTIVE')], { [name]: value });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`managed-mesh-ready: ${name} must be a number of seconds such as 15 or 0.5, got "${value}"`);
    expect(result.describes).toBe(0);
  });

  it('names a missing input', () => {
    const result = run([feature('ACTIVE')], { MCP_MEMBERSHIP: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('managed-mesh-ready: MCP_MEMBERSHIP is not set');
  });
});

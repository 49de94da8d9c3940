/**
 * The workloads stack's pods pass GKE Autopilot's admission. Rules from Google's docs:
 * - Autopilot security (cloud.google.com/kubernetes-engine/docs/concepts/autopilot-security):
 *   no privileged containers, no host namespaces (hostNetwork, hostPID, hostIPC), hostPath only
 *   read-only under /var/log, and only Autopilot's default capabilities added (none here).
 * - Resource requests in Autopilot (cloud.google.com/kubernetes-engine/docs/concepts/autopilot-resource-requests):
 *   Autopilot sizes pods by their requests, so every container here states cpu and memory.
 */
import * as path from 'path';
import { loadConfig } from '../../../src/config/load';
import { parseConfig } from '../../../src/config/load';
import { REPO_ROOT } from '../../helpers';
import { synthAll } from '../../app-helpers';

type Body = Record<string, unknown>;
const POD_OWNERS = ['kubernetes_deployment_v1', 'kubernetes_daemon_set_v1', 'kubernetes_stateful_set_v1', 'kubernetes_job_v1'];

function podSpecs(workloads: Body): { address: string; spec: Body }[] {
  const found: { address: string; spec: Body }[] = [];
  const all = (workloads.resource ?? {}) as Record<string, Record<string, Body>>;
  for (const type of POD_OWNERS) {
    for (const [id, body] of Object.entries(all[type] ?? {})) {
      const template = (body.spec as Body).template as Body;
      found.push({ address: `${type}.${id}`, spec: template.spec as Body });
    }
  }
  // Deployments written as kubernetes_manifest (the Cloud SQL client) use the API's own names.
  for (const [id, body] of Object.entries(all.kubernetes_manifest ?? {})) {
    const manifest = body.manifest as Body;
    if (!['Deployment', 'DaemonSet', 'StatefulSet', 'Job'].includes(String(manifest.kind))) continue;
    const template = (manifest.spec as Body).template as Body;
    found.push({ address: `kubernetes_manifest.${id}`, spec: snakeCase(template.spec) as Body });
  }
  return found;
}

/** The Kubernetes API's pod spec in the provider's typed names (containers -> container, hostPID -> host_pid). */
function snakeCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCase);
  if (value === null || typeof value !== 'object') return value;
  const renamed: Record<string, string> = {
    containers: 'container',
    initContainers: 'init_container',
    volumes: 'volume',
    hostPID: 'host_pid',
    hostIPC: 'host_ipc',
  };
  return Object.fromEntries(
    Object.entries(value as Body).map(([key, inner]) => [
      renamed[key] ?? key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
      key === 'requests' ? inner : snakeCase(inner),
    ]),
  );
}

function asList(value: unknown): Body[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Body[];
}

/** What Autopilot would refuse in one pod spec, as readable lines. */
function autopilotRefusals(spec: Body): string[] {
  const refusals: string[] = [];
  for (const key of ['host_network', 'host_pid', 'host_ipc']) if (spec[key] === true) refusals.push(key);
  for (const volume of asList(spec.volume)) {
    const hostPath = asList(volume.host_path)[0];
    if (hostPath && !String(hostPath.path).startsWith('/var/log')) refusals.push(`hostPath ${String(hostPath.path)}`);
  }
  for (const container of [...asList(spec.container), ...asList(spec.init_container)]) {
    const name = String(container.name);
    const requests = asList(container.resources)[0]?.requests as Body | undefined;
    if (!requests?.cpu || !requests?.memory) refusals.push(`${name}: no cpu and memory requests`);
    const securityContext = asList(container.security_context)[0];
    if (securityContext?.privileged === true) refusals.push(`${name}: privileged`);
    const added = asList(asList(securityContext?.capabilities)[0]?.add as unknown);
    if (added.length > 0) refusals.push(`${name}: adds capabilities ${added.join(', ')}`);
  }
  return refusals;
}

describe("the workloads stack's pods on Autopilot", () => {
  const config = parseConfig(
    `project: test-project
region: us-central1
clusters:
  - { name: alpha, autopilot: true }
  - { name: beta, autopilot: true, location: europe-west4 }
asm: { mode: managed }
cloudSql: { enabled: true }
`,
    { source: 'test.yaml', baseDir: REPO_ROOT },
  );
  const pods = podSpecs(synthAll(config).workloads as unknown as Body);

  it('covers the gateway, the sample and the Cloud SQL client in every cluster', () => {
    expect(pods.length).toBeGreaterThanOrEqual(8);
  });

  it.each(['gateway', 'helloworld', 'sleep', 'db-client'])('%s pods ask for nothing Autopilot refuses', (part) => {
    const matching = pods.filter((pod) => pod.address.includes(part));
    expect(matching.length).toBeGreaterThan(0);
    for (const pod of matching) expect({ pod: pod.address, refusals: autopilotRefusals(pod.spec) }).toEqual({ pod: pod.address, refusals: [] });
  });

  it('finds what Autopilot refuses (the check can fail)', () => {
    const standard = loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml'));
    const defender = podSpecs(synthAll(standard).workloads as unknown as Body).filter((pod) => pod.address.includes('defender'));
    expect(defender.length).toBeGreaterThan(0);
    expect(autopilotRefusals(defender[0].spec)).toEqual(expect.arrayContaining(['host_network', 'host_pid']));
  });
});

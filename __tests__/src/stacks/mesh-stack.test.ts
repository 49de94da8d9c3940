import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../../src/stacks/app';
import { loadConfig, parseConfig } from '../../../src/config/load';
import { ISTIO_CRDS_FOR_WORKLOADS } from '../../../src/stacks/mesh-stack';
import { config, logicalId, newApp, REPO_ROOT, resourceAt, resources, synth, type SynthJson, DEFAULT_FIXTURE } from '../../helpers';

const clustersYaml = (n: number, extra = '') => `
project: test-project
region: us-central1
clusters:
${Array.from({ length: n }, (_, i) => `  - name: c${i + 1}${i === 2 ? '\n    location: europe-west1\n    privateEndpoint: true' : ''}`).join('\n')}
${extra}`;

function meshOf(yaml?: string) {
  const app = newApp();
  const built = buildApp(app, yaml ? config(yaml) : loadConfig(DEFAULT_FIXTURE));
  return { stack: built.mesh, json: synth(built.mesh) };
}

type Provisioner = { 'local-exec': { command: string; environment: Record<string, string>; when?: string } };
const provisioners = (install: Record<string, unknown>) => install.provisioner as Provisioner[];

describe('mesh stack, in-cluster (default config)', () => {
  const { stack, json } = meshOf();

  it('matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('depends on the platform stack', () => {
    expect(stack.dependencies.map((d) => d.node.id)).toEqual(['platform']);
  });

  it('declares one kubernetes provider per cluster, aliased by name, from data sources', () => {
    expect(json.provider?.kubernetes).toEqual([
      {
        alias: 'asm-cluster-1',
        host: 'https://${data.google_container_cluster.k8s-asm-cluster-1_cluster_D7DBB98A.endpoint}',
        token: '${data.google_client_config.client-config.access_token}',
        cluster_ca_certificate: '${base64decode(data.google_container_cluster.k8s-asm-cluster-1_cluster_D7DBB98A.master_auth[0].cluster_ca_certificate)}',
      },
      expect.objectContaining({ alias: 'asm-cluster-2' }),
    ]);
    expect(Object.values(json.data?.google_container_cluster ?? {}).map((d) => [d.name, d.location])).toEqual([
      ['asm-cluster-1', 'us-central1'],
      ['asm-cluster-2', 'us-central1'],
    ]);
  });

  it('runs asmcli per cluster with every identity flag, mesh CA, and a --custom_overlay per overlay', () => {
    const [create] = provisioners(resourceAt(json, 'terraform_data', 'asm-asm-cluster-1/apply'));
    const [destroy] = provisioners(resourceAt(json, 'terraform_data', 'asm-asm-cluster-1/install'));
    expect(create['local-exec'].command).toMatch(
      /^bash assets\/asm-asm-cluster-1_script_\w+\/\w+\/asm-install\.sh install assets\/.*\/egress-registry-only\.yaml assets\/.*\/multicluster-identity\.yaml assets\/.*\/access-logging\.yaml$/,
    );
    expect(create['local-exec'].environment).toEqual({
      ASM_PROJECT: 'test-project'.replace('test-project', 'my-mesh-project'),
      ASM_CLUSTER: 'asm-cluster-1',
      ASM_LOCATION: 'us-central1',
      ASM_FLEET_PROJECT: 'my-mesh-project',
      ASM_MESH_ID: 'proj-${data.google_project.fleet-project.number}',
      ASM_NETWORK: 'asm-mesh',
      ASM_REVISION: 'asm-128',
      ASM_ASMCLI_VERSION: '1.28',
      ASM_ASMCLI_SHA256: '',
      ASM_OPTIONS: 'cni-gcp',
      ASM_PRIVATE_ENDPOINT: 'false',
    });
    expect(destroy['local-exec']).toMatchObject({ when: 'destroy', command: expect.stringMatching(/asm-install\.sh uninstall$/) });
    expect(destroy['local-exec'].environment.ASM_REVISION).toBe('${self.input.ASM_REVISION}');
  });

  it('does not serialize the installs of different clusters', () => {
    for (const cluster of ['asm-cluster-1', 'asm-cluster-2']) {
      const revision = resourceAt(json, 'terraform_data', `asm-${cluster}/install`);
      expect(revision.depends_on).toEqual([`kubernetes_namespace_v1.istio-system-${cluster}`]);
      // The run depends on its own revision alone, through the revision's ID.
      const run = resourceAt(json, 'terraform_data', `asm-${cluster}/apply`);
      expect(run).not.toHaveProperty('depends_on');
      expect(JSON.stringify(run).match(/terraform_data\.[\w-]+/g)).toEqual([`terraform_data.${logicalId(json, 'terraform_data', `asm-${cluster}/install`)}`]);
    }
  });

  it('creates istio-system on the shared network in every cluster', () => {
    for (const namespace of resources(json, 'kubernetes_namespace_v1')) {
      expect(namespace.metadata).toEqual({
        name: 'istio-system',
        labels: { 'topology.istio.io/network': 'asm-mesh', 'app.kubernetes.io/managed-by': 'cdktf' },
      });
    }
  });

  it('outputs the revision the workloads stack labels namespaces with', () => {
    expect(stack.revision).toBe('asm-128');
    expect(json.output?.revision.value).toBe('asm-128');
  });

  it('puts no token or key in the JSON, only references', () => {
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/eyJhbGciOi|BEGIN [A-Z ]*PRIVATE KEY|ya29\./);
    expect(text).toContain('kubernetes_secret_v1.reader-asm-cluster-1_token_D73FB36F.data.token');
  });
});

describe.each([2, 3])('remote secrets with %i clusters', (n) => {
  const { stack, json } = meshOf(clustersYaml(n));
  const names = Array.from({ length: n }, (_, i) => `c${i + 1}`);

  it(`creates N(N-1) = ${n * (n - 1)} remote secrets, one per ordered pair`, () => {
    expect(stack.remoteSecrets).toHaveLength(n * (n - 1));
    const pairs = stack.remoteSecrets.map((p) => `${p.remote}->${p.inCluster}`).sort();
    const expected = names.flatMap((remote) => names.filter((c) => c !== remote).map((c) => `${remote}->${c}`)).sort();
    expect(pairs).toEqual(expected);
    const secrets = resources(json, 'kubernetes_secret_v1').filter((s) => (s.metadata as { name: string }).name.startsWith('istio-remote-secret-'));
    expect(secrets).toHaveLength(n * (n - 1));
  });

  it('writes each secret to the reading cluster, pointing at the remote private endpoint with its CA and token', () => {
    for (const reader of names) {
      for (const remote of names.filter((c) => c !== reader)) {
        const secret = resourceAt(json, 'kubernetes_secret_v1', `remote-${remote}-in-${reader}/secret`);
        expect(secret.provider).toBe(`kubernetes.${reader}`);
        expect(secret.metadata).toEqual({
          name: `istio-remote-secret-${remote}`,
          namespace: 'istio-system',
          labels: { 'istio/multiCluster': 'true', 'app.kubernetes.io/managed-by': 'cdktf' },
          annotations: { 'networking.istio.io/cluster': remote },
        });
        const kubeconfig = (secret.data as Record<string, string>)[remote];
        expect(kubeconfig).toContain(`"server" = "https://\${data.google_container_cluster.k8s-${remote}_cluster_`);
        expect(kubeconfig).toContain('.private_cluster_config[0].private_endpoint}"');
        expect(kubeconfig).toMatch(
          new RegExp(
            `"certificate-authority-data" = data\\.google_container_cluster\\.k8s-${remote}_cluster_\\w+\\.master_auth\\[0\\]\\.cluster_ca_certificate`,
          ),
        );
        expect(kubeconfig).toMatch(new RegExp(`"token" = kubernetes_secret_v1\\.reader-${remote}_token_\\w+\\.data\\.token`));
      }
    }
  });

  it('gives every cluster a read-only reader with a long-lived token', () => {
    const tokens = resources(json, 'kubernetes_secret_v1').filter((s) => s.type === 'kubernetes.io/service-account-token');
    expect(tokens).toHaveLength(n);
    for (const token of tokens) expect(token.wait_for_service_account_token).toBe(true);
    for (const role of resources(json, 'kubernetes_cluster_role_v1')) {
      const verbs = (role.rule as { verbs: string[] }[]).flatMap((r) => r.verbs);
      expect(new Set(verbs)).toEqual(new Set(['get', 'list', 'watch', 'create']));
      // istiod's credential controller informs on Secrets; a remote never syncs without it.
      const secretsRead = (role.rule as { resources: string[]; verbs: string[] }[]).filter((r) => r.resources.includes('secrets'));
      expect(secretsRead.map((r) => r.verbs)).toEqual([['get', 'list', 'watch']]);
    }
  });

  it('runs one install per cluster, with the private endpoint where configured', () => {
    const installs = resources(json, 'terraform_data').filter(
      (resource) => resource.input !== undefined && JSON.stringify(resource).includes('asm-install.sh'),
    );
    expect(installs).toHaveLength(n);
    // Per cluster: the install, its uninstall-on-destroy step, and the mode lock's record and guard.
    expect(resources(json, 'terraform_data')).toHaveLength(4 * n);
    if (n === 3) {
      const third = resourceAt(json, 'terraform_data', 'asm-c3/apply');
      expect(provisioners(third)[0]['local-exec'].environment).toMatchObject({ ASM_PRIVATE_ENDPOINT: 'true', ASM_LOCATION: 'europe-west1' });
      expect(json.provider?.kubernetes?.[2]).toMatchObject({ host: expect.stringContaining('private_cluster_config[0].private_endpoint') });
    }
  });
});

describe('install options', () => {
  it('passes packaged options, a pinned digest and a custom revision, and the default overlays with every selected one', () => {
    const { json } = meshOf(
      clustersYaml(
        2,
        `asm:\n  asmcliVersion: "1.22"\n  asmcliSha256: ${'a'.repeat(64)}\n  revision: asm-canary\n  options: [cloud-tracing, cni-gcp]\n  overlays: [overlays/egress-registry-only.yaml, overlays/internal-load-balancer.yaml]\n`,
      ),
    );
    const install = resourceAt(json, 'terraform_data', 'asm-c1/apply');
    const create = provisioners(install)[0]['local-exec'];
    expect(create.environment).toMatchObject({
      ASM_ASMCLI_VERSION: '1.22',
      ASM_ASMCLI_SHA256: 'a'.repeat(64),
      ASM_REVISION: 'asm-canary',
      ASM_OPTIONS: 'cloud-tracing cni-gcp',
    });
    // The defaults first (egress listed again is applied once), then the config's own.
    expect(create.command).toMatch(
      /install assets\/\S+\/egress-registry-only\.yaml assets\/\S+\/multicluster-identity\.yaml assets\/\S+\/access-logging\.yaml assets\/\S+\/internal-load-balancer\.yaml$/,
    );
    expect(install.triggers_replace).toMatchObject({
      asmcli_version: '1.22',
      asmcli_sha256: 'a'.repeat(64),
      revision: 'asm-canary',
      options: 'cloud-tracing cni-gcp',
    });
  });

  it('re-runs the install when an overlay changes, and only then', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-overlay-'));
    const overlay = path.join(dir, 'egress.yaml');
    const yaml = clustersYaml(2, `asm:\n  mode: in-cluster\n  defaultOverlays: false\n  overlays: [${overlay}]\n`);
    const triggersWith = (content: string) => {
      fs.writeFileSync(overlay, content);
      const app = newApp();
      const json: SynthJson = synth(buildApp(app, parseConfig(yaml, { source: 't.yaml', baseDir: REPO_ROOT })).mesh);
      return resourceAt(json, 'terraform_data', 'asm-c1/apply').triggers_replace as Record<string, string>;
    };
    const base = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n    outboundTrafficPolicy:\n      mode: REGISTRY_ONLY\n';
    const first = triggersWith(base);
    expect(triggersWith(base)).toEqual(first);
    const changed = triggersWith(base.replace('REGISTRY_ONLY', 'ALLOW_ANY'));
    expect(changed['overlay_0_egress.yaml']).toMatch(/^[0-9a-f]{64}$/);
    expect(changed['overlay_0_egress.yaml']).not.toBe(first['overlay_0_egress.yaml']);
    expect({ ...changed, 'overlay_0_egress.yaml': '' }).toEqual({ ...first, 'overlay_0_egress.yaml': '' });
  });
});

describe('control-plane mode lock', () => {
  it.each(['in-cluster', 'managed'])('locks every cluster to asm.mode %s', (mode) => {
    const { json } = meshOf(clustersYaml(3, `asm:\n  mode: ${mode}\n`));
    for (const name of ['c1', 'c2', 'c3']) {
      expect(resourceAt(json, 'terraform_data', `mode-lock-${name}/record`).input).toEqual({ cluster: name, mode });
      expect(resourceAt(json, 'terraform_data', `mode-lock-${name}/guard`).input).toEqual({ mode });
    }
  });
});

describe('mesh stack, managed', () => {
  const { stack, json } = meshOf(clustersYaml(3, 'asm:\n  mode: managed\n'));

  it('matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('enables the servicemesh fleet feature globally', () => {
    expect(resources(json, 'google_gke_hub_feature')).toEqual([{ project: 'test-project', name: 'servicemesh', location: 'global' }]);
  });

  it('configures one membership per cluster with automatic management, from the fleet registration', () => {
    const memberships = resources(json, 'google_gke_hub_feature_membership');
    expect(memberships).toHaveLength(3);
    const first = resourceAt(json, 'google_gke_hub_feature_membership', 'fleet-mesh/membership-c1');
    expect(first).toEqual({
      project: 'test-project',
      feature: expect.stringMatching(/^\$\{google_gke_hub_feature\.fleet-mesh_feature_\w+\.name\}$/),
      location: 'global',
      membership: expect.stringMatching(/^\$\{data\.google_container_cluster\.k8s-c1_cluster_\w+\.fleet\[0\]\.membership_id\}$/),
      membership_location: expect.stringMatching(/^\$\{data\.google_container_cluster\.k8s-c1_cluster_\w+\.fleet\[0\]\.membership_location\}$/),
      mesh: { management: 'MANAGEMENT_AUTOMATIC' },
    });
  });

  it("writes the overlays' meshConfig where both implementations read it, and connected multi-cluster mode", () => {
    const maps = resources(json, 'kubernetes_config_map_v1_data');
    const named = (name: string) => maps.filter((m) => (m.metadata as { name: string }).name === name);
    // ISTIOD reads the REGULAR channel's ConfigMap; TRAFFIC_DIRECTOR reads istio-asm-managed-rapid on every channel.
    for (const name of ['istio-asm-managed', 'istio-asm-managed-rapid']) {
      expect(named(name).map((m) => (m.data as { mesh: string }).mesh)).toEqual(
        Array(3).fill('accessLogEncoding: JSON\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n'),
      );
    }
    expect(named('asm-options').map((m) => m.data)).toEqual([
      { multicluster_mode: 'connected' },
      { multicluster_mode: 'connected' },
      { multicluster_mode: 'connected' },
    ]);
    expect(maps).toHaveLength(9);
    expect(new Set(maps.map((m) => (m.metadata as { namespace: string }).namespace))).toEqual(new Set(['istio-system']));
  });

  it('installs nothing with asmcli and writes no remote secrets', () => {
    expect(resources(json, 'terraform_data').every((wait) => !JSON.stringify(wait).includes('asm-install.sh'))).toBe(true);
    expect(resources(json, 'kubernetes_secret_v1')).toEqual([]);
    expect(stack.revision).toBe('asm-managed');
  });

  it('forgets, without deleting, the whole ConfigMaps earlier releases managed at the same addresses', () => {
    const removed = (json as unknown as { removed: { from: string; lifecycle: { destroy: boolean } }[] }).removed;
    // Earlier releases had the mesh-config and options ConfigMaps, not TRAFFIC_DIRECTOR's.
    expect(removed).toHaveLength(2 * 3);
    for (const name of ['c1', 'c2', 'c3']) {
      for (const part of ['mesh-config', 'options']) {
        expect(removed).toContainEqual({
          from: `kubernetes_config_map_v1.${logicalId(json, 'kubernetes_config_map_v1_data', `managed-config-${name}/${part}`)}`,
          lifecycle: { destroy: false },
        });
      }
    }
  });

  it("waits, per cluster, for its membership's control plane and the Istio CRDs before the stack ends", () => {
    const membershipIds = (name: string) =>
      `google_gke_hub_feature_membership.${logicalId(json, 'google_gke_hub_feature_membership', `fleet-mesh/membership-${name}`)}`;
    for (const name of ['c1', 'c2', 'c3']) {
      const wait = resourceAt(json, 'terraform_data', `managed-ready-${name}/wait`);
      expect(wait.depends_on).toEqual(expect.arrayContaining([membershipIds(name)]));
      const environment = (wait.provisioner as { 'local-exec': { environment: Record<string, string> } }[])[0]['local-exec'].environment;
      expect(environment).toMatchObject({
        MCP_FLEET_PROJECT: 'test-project',
        MCP_CLUSTER: name,
        MCP_MEMBERSHIP: expect.stringMatching(
          new RegExp(`^\\$\\{data\\.google_container_cluster\\.k8s-${name}_cluster_\\w+\\.fleet\\[0\\]\\.membership_id\\}$`),
        ),
        MCP_CRDS: ISTIO_CRDS_FOR_WORKLOADS.join(' '),
        MCP_CONFIG_MAPS: 'istio-asm-managed-rapid istio-asm-managed asm-options',
      });
      // The ConfigMap keys go in only once the ConfigMaps are sure to exist.
      for (const part of ['mesh-config', 'mesh-config-traffic-director', 'options']) {
        expect(resourceAt(json, 'kubernetes_config_map_v1_data', `managed-config-${name}/${part}`).depends_on).toEqual([
          `terraform_data.${logicalId(json, 'terraform_data', `managed-ready-${name}/wait`)}`,
        ]);
      }
    }
  });
});

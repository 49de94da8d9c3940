import { DaemonSetV1 } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { CRITICAL_PRIORITY_CLASSES, DEFENDER_CAPABILITIES, DEFENDER_HOST_PATHS, PrismaDefender, PrismaDefenderProps } from '../../lib/prisma-defender';
import { logicalId, resourceAt, resources, scope, synth, SynthJson, testStack } from '../helpers';
import { kubernetesObjects } from '../support/kubernetes-objects';
import { validateObject } from '../support/kubernetes-object-validation';

const CONSOLE = 'https://us-east1.cloud.twistlock.com/us-1-123456789';
const IMAGE = 'registry.example.com/twistlock/defender:defender_32_07_123';
const TYPES = [
  'kubernetes_namespace_v1',
  'kubernetes_service_account_v1',
  'kubernetes_cluster_role_v1',
  'kubernetes_cluster_role_binding_v1',
  'kubernetes_secret_v1',
  'kubernetes_resource_quota_v1',
  'kubernetes_daemon_set_v1',
  'kubernetes_manifest',
];
const READ = ['get', 'list', 'watch'];
const BASE_RULES = [
  { api_groups: [''], resources: ['pods', 'namespaces', 'nodes', 'services', 'endpoints', 'serviceaccounts', 'configmaps'], verbs: READ },
  { api_groups: ['apps'], resources: ['deployments', 'daemonsets', 'replicasets', 'statefulsets'], verbs: READ },
  { api_groups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { api_groups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: READ },
  { api_groups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: READ },
];
const ISTIO_RULE = { api_groups: ['networking.istio.io', 'security.istio.io'], resources: ['*'], verbs: READ };

type Props = Partial<Omit<PrismaDefenderProps, 'provider'>>;

/** The logical ID of the one resource of a type whose construct path is `<path>`. */
const nameRef = (json: SynthJson, type: string, pathSuffix: string) => `\${${type}.${logicalId(json, type, pathSuffix)}.metadata[0].name}`;

/** A stack with the Defender, its credentials being sensitive variables `bundle`, `service_parameter` and `ws_address`. */
function build(props: Props = {}, configure?: (stack: TerraformStack, provider: KubernetesProvider) => Props) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const variable = (name: string) => new TerraformVariable(stack, name, { type: 'string', sensitive: true }).stringValue;
  const construct = new PrismaDefender(stack, 'defender', {
    provider,
    consoleAddress: CONSOLE,
    image: IMAGE,
    clusterName: 'alpha',
    installBundle: variable('bundle'),
    serviceParameter: variable('service_parameter'),
    websocketAddress: variable('ws_address'),
    ...props,
    ...configure?.(stack, provider),
  });
  return { construct, json: synth(stack) };
}

interface Container {
  name: string;
  image: string;
  env: { name: string; value?: string; value_from?: unknown }[];
  security_context: Record<string, unknown>;
  volume_mount: { name: string; mount_path: string; read_only: boolean }[];
  [field: string]: unknown;
}
interface PodSpec {
  container: Container[];
  volume: { name: string; host_path?: { path: string }; secret?: unknown }[];
  [field: string]: unknown;
}
const podSpecOf = (json: SynthJson) => (resourceAt(json, 'kubernetes_daemon_set_v1', 'defender/daemon-set').spec as { template: { spec: PodSpec } }).template.spec;
const envOf = (json: SynthJson) => Object.fromEntries(podSpecOf(json).container[0].env.map((each) => [each.name, each.value ?? each.value_from]));

describe('PrismaDefender', () => {
  it('exports exactly the capabilities of the console-generated Defender', () => {
    expect(DEFENDER_CAPABILITIES).toEqual(['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'SYS_PTRACE', 'SYS_CHROOT', 'MKNOD', 'SETFCAP', 'IPC_LOCK']);
  });

  it('exports the containerd host paths, none of them docker.sock', () => {
    expect(DEFENDER_HOST_PATHS).toEqual([
      { name: 'data-folder', hostPath: '/var/lib/twistlock', mountPath: '/var/lib/twistlock', readOnly: false },
      { name: 'containerd-socket-folder', hostPath: '/run/containerd', mountPath: '/run/containerd', readOnly: false },
      { name: 'containerd-data', hostPath: '/var/lib/containerd', mountPath: '/var/lib/containerd', readOnly: true },
      { name: 'runc-state', hostPath: '/run/runc', mountPath: '/run/runc', readOnly: true },
      { name: 'passwd', hostPath: '/etc/passwd', mountPath: '/etc/passwd', readOnly: true },
      { name: 'syslog-socket', hostPath: '/dev/log', mountPath: '/dev/log', readOnly: false },
    ]);
    for (const path of DEFENDER_HOST_PATHS) {
      expect(path.hostPath).not.toMatch(/docker/);
      expect(path.mountPath).not.toMatch(/docker/);
    }
  });

  describe('with defaults', () => {
    let construct: PrismaDefender;
    let json: SynthJson;
    let namespace: string;
    let secretName: string;
    let podSpec: PodSpec;
    let container: Container;

    beforeAll(() => {
      ({ construct, json } = build());
      namespace = nameRef(json, 'kubernetes_namespace_v1', 'defender/namespace');
      secretName = nameRef(json, 'kubernetes_secret_v1', 'defender/secret');
      podSpec = podSpecOf(json);
      container = podSpec.container[0];
    });

    it('creates one of each object, all on the given provider', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual([...TYPES].sort());
      for (const type of TYPES) {
        expect(resources(json, type)).toHaveLength(1);
        expect(resources(json, type)[0].provider).toBe('kubernetes.a');
      }
      expect(construct.namespace).toBeInstanceOf(NamespaceV1);
      expect(construct.secret).toBeInstanceOf(SecretV1);
      expect(construct.daemonSet).toBeInstanceOf(DaemonSetV1);
      expect(construct.consoleEntry).toBeInstanceOf(Manifest);
    });

    it('creates the twistlock namespace without sidecar injection, Pod Security privileged, with the reasons', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'defender/namespace')).toEqual({
        provider: 'kubernetes.a',
        metadata: {
          name: 'twistlock',
          labels: {
            'istio-injection': 'disabled',
            'pod-security.kubernetes.io/enforce': 'privileged',
            'pod-security.kubernetes.io/audit': 'privileged',
            'pod-security.kubernetes.io/warn': 'privileged',
            'app.kubernetes.io/managed-by': 'cdktf',
          },
          annotations: {
            'mesh.cdktf.io/pod-security-reason': 'The Prisma Cloud Defender inspects the node: it needs host PID and network, host paths and added capabilities.',
            'mesh.cdktf.io/sidecar-reason': 'hostNetwork pods cannot be meshed; the Defender reaches the console directly over TLS.',
          },
        },
      });
    });

    it('creates the twistlock-service service account in the namespace', () => {
      expect(resourceAt(json, 'kubernetes_service_account_v1', 'defender/service-account')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'twistlock-service', namespace },
      });
    });

    it('puts the three credentials, as references, in the twistlock-secrets Secret', () => {
      expect(resourceAt(json, 'kubernetes_secret_v1', 'defender/secret')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'twistlock-secrets', namespace },
        type: 'Opaque',
        data: { 'install-bundle': '${var.bundle}', 'service-parameter': '${var.service_parameter}', 'ws-address': '${var.ws_address}' },
      });
    });

    it('grants a read-only ClusterRole, with the Istio rule, bound to the service account', () => {
      const role = resourceAt(json, 'kubernetes_cluster_role_v1', 'defender/view');
      expect(role).toEqual({ provider: 'kubernetes.a', metadata: { name: 'twistlock-view' }, rule: [...BASE_RULES, ISTIO_RULE] });
      for (const rule of role.rule as { verbs: string[]; resources: string[] }[]) {
        expect(rule.verbs).toEqual(READ);
        expect(rule.resources).not.toContain('secrets');
      }
      expect(resourceAt(json, 'kubernetes_cluster_role_binding_v1', 'defender/view-binding')).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'twistlock-view-binding' },
        role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: nameRef(json, 'kubernetes_cluster_role_v1', 'defender/view') },
        subject: [{ kind: 'ServiceAccount', name: nameRef(json, 'kubernetes_service_account_v1', 'defender/service-account'), namespace }],
      });
    });

    it('runs a DaemonSet selected by app: twistlock-defender, rolling one node at a time', () => {
      const daemonSet = resourceAt(json, 'kubernetes_daemon_set_v1', 'defender/daemon-set');
      expect(daemonSet.metadata).toEqual({ name: 'twistlock-defender-ds', namespace, labels: { app: 'twistlock-defender' } });
      const spec = daemonSet.spec as { selector: unknown; strategy: unknown; template: { metadata: unknown } };
      expect(spec.selector).toEqual({ match_labels: { app: 'twistlock-defender' } });
      expect(spec.strategy).toEqual({ type: 'RollingUpdate', rolling_update: { max_unavailable: '1' } });
      expect(spec.template.metadata).toEqual({
        labels: { app: 'twistlock-defender' },
        annotations: { 'container.apparmor.security.beta.kubernetes.io/twistlock-defender': 'unconfined' },
      });
    });

    it('runs on the host PID and network namespaces, on every node, as the service account', () => {
      expect(podSpec.host_pid).toBe(true);
      expect(podSpec.host_network).toBe(true);
      expect(podSpec.dns_policy).toBe('ClusterFirstWithHostNet');
      expect(podSpec.priority_class_name).toBe('system-node-critical');
      expect(podSpec.toleration).toEqual([{ operator: 'Exists' }]);
      expect(podSpec.service_account_name).toBe(nameRef(json, 'kubernetes_service_account_v1', 'defender/service-account'));
      expect(podSpec.container).toHaveLength(1);
      expect(container.name).toBe('twistlock-defender');
      expect(container.image).toBe(IMAGE);
    });

    it('drops every capability, adds back exactly DEFENDER_CAPABILITIES, unprivileged with a read-only root', () => {
      expect(container.security_context).toEqual({
        privileged: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ['ALL'], add: DEFENDER_CAPABILITIES },
        se_linux_options: { type: 'spc_t' },
      });
    });

    it('bounds its resources', () => {
      expect(container.resources).toEqual({ requests: { cpu: '256m', memory: '256Mi' }, limits: { cpu: '900m', memory: '512Mi' } });
    });

    it('mounts every DEFENDER_HOST_PATHS entry as a host path, and the service parameter read-only', () => {
      expect(podSpec.volume).toEqual([
        ...DEFENDER_HOST_PATHS.map((path) => ({ name: path.name, host_path: { path: path.hostPath } })),
        {
          name: 'service-parameter',
          secret: { secret_name: secretName, default_mode: '0400', items: [{ key: 'service-parameter', path: 'service-parameter' }] },
        },
      ]);
      expect(container.volume_mount).toEqual([
        ...DEFENDER_HOST_PATHS.map((path) => ({ name: path.name, mount_path: path.mountPath, read_only: path.readOnly })),
        { name: 'service-parameter', mount_path: '/var/lib/twistlock/secrets', read_only: true },
      ]);
    });

    it('mounts no docker.sock anywhere', () => {
      expect(JSON.stringify(json)).not.toContain('docker.sock');
      for (const volume of podSpec.volume) expect(volume.host_path?.path ?? '').not.toMatch(/docker/);
      for (const mount of container.volume_mount) expect(mount.mount_path).not.toMatch(/docker/);
    });

    it('sets the CRI Defender\'s environment, the credentials from the Secret', () => {
      expect(container.env).toEqual([
        { name: 'WS_ADDRESS', value_from: { secret_key_ref: { name: secretName, key: 'ws-address' } } },
        { name: 'INSTALL_BUNDLE', value_from: { secret_key_ref: { name: secretName, key: 'install-bundle' } } },
        { name: 'DEFENDER_TYPE', value: 'cri' },
        { name: 'DEFENDER_LISTENER_TYPE', value: 'none' },
        { name: 'DEFENDER_CLUSTER', value: 'alpha' },
        { name: 'LOG_PROD', value: 'true' },
        { name: 'SYSTEMD_ENABLED', value: 'false' },
        { name: 'COLLECT_POD_LABELS', value: 'true' },
        { name: 'MONITOR_SERVICE_ACCOUNTS', value: 'true' },
        { name: 'MONITOR_ISTIO', value: 'true' },
        { name: 'HOST_CUSTOM_COMPLIANCE_ENABLED', value: 'false' },
        { name: 'CLOUD_HOSTNAME_ENABLED', value: 'false' },
      ]);
    });

    it('registers the console host, parsed from the URL, as a TLS ServiceEntry on 443', () => {
      expect(resourceAt(json, 'kubernetes_manifest', 'defender/console')).toEqual({
        provider: 'kubernetes.a',
        depends_on: [`kubernetes_namespace_v1.${logicalId(json, 'kubernetes_namespace_v1', 'defender/namespace')}`],
        manifest: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'ServiceEntry',
          metadata: { name: 'prisma-cloud-console', namespace: 'twistlock' },
          spec: {
            hosts: ['us-east1.cloud.twistlock.com'],
            location: 'MESH_EXTERNAL',
            resolution: 'DNS',
            ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
            exportTo: ['*'],
          },
        },
      });
      expect(construct.consoleHost).toBe('us-east1.cloud.twistlock.com');
    });

    it('creates objects that validate against the upstream schemas', () => {
      const objects = kubernetesObjects(json);
      expect(objects).toHaveLength(TYPES.length);
      for (const entry of objects) expect({ address: entry.address, problems: validateObject(entry.object) }).toEqual({ address: entry.address, problems: [] });
    });

    it('converts to a DaemonSet with hostPID, hostNetwork and the capabilities, valid by the apps/v1 schema', () => {
      const daemonSet = kubernetesObjects(json).find((entry) => entry.resourceType === 'kubernetes_daemon_set_v1')?.object as {
        apiVersion: string;
        kind: string;
        spec: { template: { spec: { hostPID: boolean; hostNetwork: boolean; containers: { securityContext: unknown }[]; volumes: unknown[] } } };
      };
      expect([daemonSet.apiVersion, daemonSet.kind]).toEqual(['apps/v1', 'DaemonSet']);
      expect(daemonSet.spec.template.spec.hostPID).toBe(true);
      expect(daemonSet.spec.template.spec.hostNetwork).toBe(true);
      expect(daemonSet.spec.template.spec.containers[0].securityContext).toEqual({
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'], add: DEFENDER_CAPABILITIES },
        seLinuxOptions: { type: 'spc_t' },
      });
      expect(daemonSet.spec.template.spec.volumes).toHaveLength(DEFENDER_HOST_PATHS.length + 1);
      expect(validateObject(daemonSet)).toEqual([]);
    });

    it('holds no key material and no console token', () => {
      const text = JSON.stringify(json);
      expect(text).not.toContain('BEGIN');
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain('tw_');
    });

    it('admits its critical priority class: GKE needs a quota matching the class in the same namespace, and the DaemonSet waits for it', () => {
      const quota = resourceAt(json, 'kubernetes_resource_quota_v1', 'defender/critical-pods');
      expect(quota).toEqual({
        provider: 'kubernetes.a',
        metadata: { name: 'critical-pods', namespace },
        spec: {
          hard: { pods: '1G' },
          scope_selector: { match_expression: [{ scope_name: 'PriorityClass', operator: 'In', values: CRITICAL_PRIORITY_CLASSES }] },
        },
      });
      expect(CRITICAL_PRIORITY_CLASSES).toContain(podSpec.priority_class_name);
      const daemonSet = resourceAt(json, 'kubernetes_daemon_set_v1', 'defender/daemon-set');
      expect((daemonSet.metadata as { namespace: string }).namespace).toBe(namespace);
      expect(daemonSet.depends_on).toEqual([`kubernetes_resource_quota_v1.${logicalId(json, 'kubernetes_resource_quota_v1', 'defender/critical-pods')}`]);
    });

    it('makes only the ServiceEntry and the DaemonSet depend on anything: the namespace, and the quota', () => {
      const independent = TYPES.filter((each) => each !== 'kubernetes_manifest' && each !== 'kubernetes_daemon_set_v1');
      for (const type of independent) expect(resources(json, type)[0]).not.toHaveProperty('depends_on');
    });
  });

  describe('without Istio monitoring, pod labels or service accounts, in another namespace, with dependsOn', () => {
    let construct: PrismaDefender;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = build(
        {
          namespace: 'prisma-defender',
          clusterName: 'beta-cluster',
          consoleAddress: 'https://Console.Example.COM/tenant',
          collectPodLabels: false,
          monitorServiceAccounts: false,
          monitorIstio: false,
        },
        (stack, provider) => ({ dependsOn: [new NamespaceV1(stack, 'other', { provider, metadata: { name: 'other' } })] }),
      ));
    });

    it('leaves the Istio rule out of the ClusterRole', () => {
      expect(resourceAt(json, 'kubernetes_cluster_role_v1', 'defender/view').rule).toEqual(BASE_RULES);
      expect(JSON.stringify(json.resource?.kubernetes_cluster_role_v1)).not.toContain('istio');
    });

    it('passes the flags as "false" and the cluster name', () => {
      const env = envOf(json);
      expect(env.COLLECT_POD_LABELS).toBe('false');
      expect(env.MONITOR_SERVICE_ACCOUNTS).toBe('false');
      expect(env.MONITOR_ISTIO).toBe('false');
      expect(env.DEFENDER_CLUSTER).toBe('beta-cluster');
      expect(env.DEFENDER_TYPE).toBe('cri');
    });

    it('uses the namespace', () => {
      expect((resourceAt(json, 'kubernetes_namespace_v1', 'defender/namespace').metadata as { name: string }).name).toBe('prisma-defender');
      expect((resourceAt(json, 'kubernetes_manifest', 'defender/console').manifest as { metadata: unknown }).metadata).toEqual({ name: 'prisma-cloud-console', namespace: 'prisma-defender' });
    });

    it('registers the lower-cased console host', () => {
      expect(construct.consoleHost).toBe('console.example.com');
      expect((resourceAt(json, 'kubernetes_manifest', 'defender/console').manifest as { spec: { hosts: string[] } }).spec.hosts).toEqual(['console.example.com']);
    });

    it('makes the namespace depend on dependsOn; the rest follow it', () => {
      expect(resourceAt(json, 'kubernetes_namespace_v1', 'defender/namespace').depends_on).toEqual(['kubernetes_namespace_v1.other']);
      const quota = `kubernetes_resource_quota_v1.${logicalId(json, 'kubernetes_resource_quota_v1', 'defender/critical-pods')}`;
      expect(resourceAt(json, 'kubernetes_daemon_set_v1', 'defender/daemon-set').depends_on).toEqual([quota]);
    });

    it('creates objects that validate against the upstream schemas', () => {
      for (const entry of kubernetesObjects(json)) expect({ address: entry.address, problems: validateObject(entry.object) }).toEqual({ address: entry.address, problems: [] });
    });
  });

  it.each([
    [{ monitorIstio: true }, [...BASE_RULES, ISTIO_RULE], 'true'],
    [{ monitorIstio: false }, BASE_RULES, 'false'],
    [{}, [...BASE_RULES, ISTIO_RULE], 'true'],
  ])('with %p, grants %j and sets MONITOR_ISTIO %s', (props, rules, flag) => {
    const { json } = build(props);
    expect(resourceAt(json, 'kubernetes_cluster_role_v1', 'defender/view').rule).toEqual(rules);
    expect(envOf(json).MONITOR_ISTIO).toBe(flag);
  });

  it('registers the console\'s own port when the URL has one (self-hosted consoles)', () => {
    const { json } = build({ consoleAddress: 'https://console.corp.example.com:8083' });
    const ports = (resourceAt(json, 'kubernetes_manifest', 'defender/console').manifest as { spec: { ports: { number: number }[] } }).spec.ports;
    expect(ports.map((port) => port.number)).toEqual([8083]);
  });

  describe('validation', () => {
    const attempt = (overrides: Props) => () => {
      const stack = scope();
      new PrismaDefender(stack, 'defender', {
        provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }),
        consoleAddress: CONSOLE,
        image: IMAGE,
        clusterName: 'alpha',
        installBundle: '${var.bundle}',
        serviceParameter: '${var.service_parameter}',
        websocketAddress: '${var.ws_address}',
        ...overrides,
      });
    };

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['', 'Twistlock', 'twist_lock', 'twistlock-', '-twistlock', '1twistlock', 'twist.lock', 'a'.repeat(64)])('refuses the namespace %j', (namespace) => {
      expect(attempt({ namespace })).toThrow(new Error(`PrismaDefender: props.namespace must be an RFC 1035 label of at most 63 characters, got "${namespace}"`));
    });

    it.each(['a', 'twistlock', 'prisma-defender', 'a'.repeat(63)])('accepts the namespace %j', (namespace) => {
      expect(attempt({ namespace })).not.toThrow();
    });

    it.each([
      '',
      'garbage',
      'us-east1.cloud.twistlock.com',
      'us-east1.cloud.twistlock.com/us-1-123456789',
      'http://us-east1.cloud.twistlock.com/us-1-123456789',
      'wss://us-east1.cloud.twistlock.com',
      'ftp://us-east1.cloud.twistlock.com',
      'https://',
      '//us-east1.cloud.twistlock.com',
    ])('refuses the consoleAddress %j', (consoleAddress) => {
      expect(attempt({ consoleAddress })).toThrow(new Error(`PrismaDefender: props.consoleAddress must be an https:// URL, got "${consoleAddress}"`));
    });

    it.each([CONSOLE, 'https://console.example.com', 'https://console.example.com:8083/'])('accepts the consoleAddress %j', (consoleAddress) => {
      expect(attempt({ consoleAddress })).not.toThrow();
    });

    it.each([
      'registry-auth.twistlock.com/tw_abcdefghijklmnopqrstuvwxyz123456/twistlock/defender:defender_32_07_123',
      'tw_abcdefghijklmnop/twistlock/defender:defender_32_07_123',
      'registry.example.com/TW_ABCDEFGHIJKLMNOP1234',
    ])('refuses the image %j, which embeds a console token', (image) => {
      expect(attempt({ image })).toThrow(new Error('PrismaDefender: props.image must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only'));
    });

    it.each([IMAGE, 'registry-auth.twistlock.com/twistlock/defender:defender_32_07_123', 'registry.example.com/defender@sha256:' + 'a'.repeat(64)])('accepts the image %j', (image) => {
      expect(attempt({ image })).not.toThrow();
    });

    it.each(['', ' ', '\t\n'])('refuses the clusterName %j', (clusterName) => {
      expect(attempt({ clusterName })).toThrow(new Error('PrismaDefender: props.clusterName must not be empty'));
    });

    it.each(['alpha', 'prod cluster 1'])('accepts the clusterName %j', (clusterName) => {
      expect(attempt({ clusterName })).not.toThrow();
    });

    const LITERALS = ['', 'c2VjcmV0', 'wss://us-east1.cloud.twistlock.com:443', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', 'prefix ${var.bundle}', '${var.bundle} suffix', '${}'];

    it.each(['installBundle', 'serviceParameter', 'websocketAddress'] as const)('refuses a literal %s', (prop) => {
      for (const value of LITERALS) {
        expect(attempt({ [prop]: value })).toThrow(new Error(`PrismaDefender: props.${prop} must be a reference (a sensitive variable), never a literal credential`));
      }
    });

    it.each(['installBundle', 'serviceParameter', 'websocketAddress'] as const)('accepts a reference as %s', (prop) => {
      for (const value of ['${var.other}', '${data.google_secret_manager_secret_version.defender.secret_data}']) expect(attempt({ [prop]: value })).not.toThrow();
      const stack = scope();
      const variable = new TerraformVariable(stack, 'credential', { type: 'string', sensitive: true });
      expect(() =>
        new PrismaDefender(stack, 'defender', {
          provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }),
          consoleAddress: CONSOLE,
          image: IMAGE,
          clusterName: 'alpha',
          installBundle: '${var.bundle}',
          serviceParameter: '${var.service_parameter}',
          websocketAddress: '${var.ws_address}',
          [prop]: variable.stringValue,
        }),
      ).not.toThrow();
    });
  });
});

describe('PrismaDefender input checks beyond the basics', () => {
  const attempt = (overrides: Partial<ConstructorParameters<typeof PrismaDefender>[2]>) => () => {
    const stack = scope();
    new PrismaDefender(stack, 'defender', {
      provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }),
      consoleAddress: 'https://us-east1.cloud.twistlock.com/us-1-1',
      image: 'us-docker.pkg.dev/p/twistlock/defender:defender_32_03_123',
      clusterName: 'alpha',
      installBundle: '${var.a}',
      serviceParameter: '${var.b}',
      websocketAddress: '${var.c}',
      ...overrides,
    });
  };

  it('refuses a credential that mixes a reference with a literal', () => {
    expect(attempt({ installBundle: '${var.a}literal${var.b}' })).toThrow(new Error('PrismaDefender: props.installBundle must be a reference (a sensitive variable), never a literal credential'));
  });

  it.each(['registry-auth.twistlock.com/tw_short/defender:1', 'registry-auth.twistlock.com/tw_abc:defender_1'])('refuses the token-bearing image %j', (image) => {
    expect(attempt({ image })).toThrow(new Error('PrismaDefender: props.image must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only'));
  });
});

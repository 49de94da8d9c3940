import { DaemonSetV1 } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { CRITICAL_PRIORITY_CLASSES, DEFENDER_CAPABILITIES, DEFENDER_HOST_PATHS, type PrismaDefender } from '../../../lib/workloads/prisma-defender';
import { logicalId, resourceAt, resources, type SynthJson } from '../../helpers';
import { kubernetesObjects } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';
import { BASE_RULES, build, type Container, IMAGE, ISTIO_RULES, nameRef, type PodSpec, podSpecOf, READ, TYPES } from './prisma-defender-fixture';

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
            'mesh.cdktf.io/pod-security-reason':
              'The Prisma Cloud Defender inspects the node: it needs host PID and network, host paths and added capabilities.',
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
      expect(role).toEqual({ provider: 'kubernetes.a', metadata: { name: 'twistlock-view' }, rule: [...BASE_RULES, ...ISTIO_RULES] });
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

    it("sets the CRI Defender's environment, the credentials from the Secret", () => {
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
});

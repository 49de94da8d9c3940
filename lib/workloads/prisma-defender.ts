import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { DaemonSetV1 } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type ITerraformDependable, type TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { podSecurityLabels, taggedImageWaiver } from '../core/hardened-pod';
import { httpsUrl, imageReference, isPinnedByDigest, noConsoleToken } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';
import { waive } from '../core/waivers';
import { externalTlsServiceEntry, istioReadRules, KUBERNETES_MANAGED_BY } from '../core/mesh-conventions';

/** Only what the console-generated Defender needs to inspect processes, network and containers. */
export const DEFENDER_CAPABILITIES = ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'SYS_PTRACE', 'SYS_CHROOT', 'MKNOD', 'SETFCAP', 'IPC_LOCK'];

/**
 * The priority class the Defender runs at, so the node keeps it under pressure. GKE admits the
 * critical classes only in a namespace with a ResourceQuota whose scopeSelector matches them
 * (it ships one in kube-system only), so the Defender's namespace gets one: {@link PrismaDefender.criticalPodsQuota}.
 */
export const DEFENDER_PRIORITY_CLASS = 'system-node-critical';
/** The classes GKE's critical-pods admission limits. */
export const CRITICAL_PRIORITY_CLASSES = ['system-node-critical', 'system-cluster-critical'];

/** Host paths on cos_containerd nodes: the containerd socket and state, never docker.sock. */
export const DEFENDER_HOST_PATHS = [
  { name: 'data-folder', hostPath: '/var/lib/twistlock', mountPath: '/var/lib/twistlock', readOnly: false },
  { name: 'containerd-socket-folder', hostPath: '/run/containerd', mountPath: '/run/containerd', readOnly: false },
  { name: 'containerd-data', hostPath: '/var/lib/containerd', mountPath: '/var/lib/containerd', readOnly: true },
  { name: 'runc-state', hostPath: '/run/runc', mountPath: '/run/runc', readOnly: true },
  { name: 'passwd', hostPath: '/etc/passwd', mountPath: '/etc/passwd', readOnly: true },
  { name: 'syslog-socket', hostPath: '/dev/log', mountPath: '/dev/log', readOnly: false },
];

/** The Defender's name and `app` label. */
export const DEFENDER_NAME = 'twistlock-defender';
/** The ServiceEntry that lets meshed callers reach the console. */
export const CONSOLE_ENTRY_NAME = 'prisma-cloud-console';

export interface PrismaDefenderProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The console URL, such as https://us-east1.cloud.twistlock.com/us-1-123456789. */
  readonly consoleAddress: string;
  /** The Defender image (mirror it into your registry). */
  readonly image: string;
  /** Reported to the console as the Defender's cluster. */
  readonly clusterName: string;
  /** Install bundle, as a reference to a sensitive value. */
  readonly installBundle: string;
  /** Service parameter, as a reference to a sensitive value. */
  readonly serviceParameter: string;
  /** WebSocket address of the console, as a reference to a sensitive value. */
  readonly websocketAddress: string;
  /** @default "twistlock" */
  readonly namespace?: string;
  /** @default true */
  readonly collectPodLabels?: boolean;
  /** @default true */
  readonly monitorServiceAccounts?: boolean;
  /** @default true */
  readonly monitorIstio?: boolean;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Prisma Cloud Compute Defender on every node, modelled on the console-generated DaemonSet
 * for containerd: host PID and network, the containerd socket and state, the listed capabilities
 * only, and tolerations for every taint. Credentials live in a Secret filled from references.
 */
export class PrismaDefender extends Construct {
  public readonly namespace: NamespaceV1;
  public readonly secret: SecretV1;
  public readonly daemonSet: DaemonSetV1;
  /** Lets the namespace run critical-priority pods; the DaemonSet depends on it. */
  public readonly criticalPodsQuota: ResourceQuotaV1;
  public readonly consoleEntry: Manifest;
  /** The console's host name. */
  public readonly consoleHost: string;

  constructor(scope: Construct, id: string, props: PrismaDefenderProps) {
    super(scope, id);
    const ns = props.namespace ?? 'twistlock';
    requireLabel(ns, 63, 'PrismaDefender', 'namespace');
    // The ServiceEntry needs the console's host and port, so the address must be known at synth.
    requireProp(
      !Token.isUnresolved(props.consoleAddress),
      'PrismaDefender',
      'consoleAddress',
      'must be a literal URL: the egress entry is built from its host',
    );
    check('PrismaDefender', 'consoleAddress', props.consoleAddress, httpsUrl);
    const consoleUrl = new URL(props.consoleAddress);
    check('PrismaDefender', 'image', props.image, noConsoleToken);
    check('PrismaDefender', 'image', props.image, imageReference);
    requireProp(props.clusterName.trim().length > 0, 'PrismaDefender', 'clusterName', 'must not be empty');
    for (const prop of ['installBundle', 'serviceParameter', 'websocketAddress'] as const) {
      requireProp(/^\$\{[^{}]+\}$/.test(props[prop]), 'PrismaDefender', prop, 'must be a reference (a sensitive variable), never a literal credential');
    }
    this.consoleHost = consoleUrl.hostname;
    const common = { provider: props.provider };
    const name = DEFENDER_NAME;

    this.namespace = new NamespaceV1(this, 'namespace', {
      ...common,
      dependsOn: props.dependsOn,
      metadata: {
        name: ns,
        labels: {
          // No sidecar: the Defender runs on the host network (where a sidecar cannot capture
          // traffic) and must reach the console even when the mesh itself is broken.
          'istio-injection': 'disabled',
          // Host PID, host network, host paths and capabilities: nothing below privileged admits it.
          ...podSecurityLabels('privileged', 'privileged'),
          ...KUBERNETES_MANAGED_BY,
        },
        annotations: {
          'mesh.cdktf.io/pod-security-reason': 'The Prisma Cloud Defender inspects the node: it needs host PID and network, host paths and added capabilities.',
          'mesh.cdktf.io/sidecar-reason': 'hostNetwork pods cannot be meshed; the Defender reaches the console directly over TLS.',
        },
      },
    });
    const namespace = this.namespace.metadata.name;
    const serviceAccount = new ServiceAccountV1(this, 'service-account', { ...common, metadata: { name: 'twistlock-service', namespace } });
    const role = new ClusterRoleV1(this, 'view', {
      ...common,
      metadata: { name: 'twistlock-view' },
      rule: [
        {
          apiGroups: [''],
          resources: ['pods', 'namespaces', 'nodes', 'services', 'endpoints', 'serviceaccounts', 'configmaps'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['apps'], resources: ['deployments', 'daemonsets', 'replicasets', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: ['get', 'list', 'watch'] },
        ...((props.monitorIstio ?? true) ? istioReadRules(['networking.istio.io', 'security.istio.io']) : []),
      ],
    });
    new ClusterRoleBindingV1(this, 'view-binding', {
      ...common,
      metadata: { name: 'twistlock-view-binding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: serviceAccount.metadata.name, namespace }],
    });
    this.secret = new SecretV1(this, 'secret', {
      ...common,
      metadata: { name: 'twistlock-secrets', namespace },
      type: 'Opaque',
      data: { 'install-bundle': props.installBundle, 'service-parameter': props.serviceParameter, 'ws-address': props.websocketAddress },
    });
    // The quota only has to exist and cover pods of these classes; the bound is GKE's own
    // kube-system value, far above one Defender per node.
    this.criticalPodsQuota = new ResourceQuotaV1(this, 'critical-pods', {
      ...common,
      metadata: { name: 'critical-pods', namespace },
      spec: {
        hard: { pods: '1G' },
        scopeSelector: { matchExpression: [{ scopeName: 'PriorityClass', operator: 'In', values: [...CRITICAL_PRIORITY_CLASSES] }] },
      },
    });
    const fromSecret = (env: string, key: string) => ({ name: env, valueFrom: { secretKeyRef: { name: this.secret.metadata.name, key } } });
    const flag = (value: boolean | undefined) => String(value ?? true);

    this.daemonSet = new DaemonSetV1(this, 'daemon-set', {
      ...common,
      // Without the quota GKE refuses every pod, and the rollout wait times out the apply.
      dependsOn: [this.criticalPodsQuota],
      metadata: { name: `${name}-ds`, namespace, labels: { app: name } },
      spec: {
        selector: { matchLabels: { app: name } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '1' } },
        template: {
          metadata: {
            labels: { app: name },
            annotations: { [`container.apparmor.security.beta.kubernetes.io/${name}`]: 'unconfined' },
          },
          spec: {
            serviceAccountName: serviceAccount.metadata.name,
            hostPid: true,
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            priorityClassName: DEFENDER_PRIORITY_CLASS,
            toleration: [{ operator: 'Exists' }],
            container: [
              {
                name,
                image: props.image,
                env: [
                  fromSecret('WS_ADDRESS', 'ws-address'),
                  fromSecret('INSTALL_BUNDLE', 'install-bundle'),
                  { name: 'DEFENDER_TYPE', value: 'cri' },
                  { name: 'DEFENDER_LISTENER_TYPE', value: 'none' },
                  { name: 'DEFENDER_CLUSTER', value: props.clusterName },
                  { name: 'LOG_PROD', value: 'true' },
                  { name: 'SYSTEMD_ENABLED', value: 'false' },
                  { name: 'COLLECT_POD_LABELS', value: flag(props.collectPodLabels) },
                  { name: 'MONITOR_SERVICE_ACCOUNTS', value: flag(props.monitorServiceAccounts) },
                  { name: 'MONITOR_ISTIO', value: flag(props.monitorIstio) },
                  { name: 'HOST_CUSTOM_COMPLIANCE_ENABLED', value: 'false' },
                  { name: 'CLOUD_HOSTNAME_ENABLED', value: 'false' },
                ],
                securityContext: {
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'], add: [...DEFENDER_CAPABILITIES] },
                  seLinuxOptions: { type: 'spc_t' },
                },
                resources: { requests: { cpu: '256m', memory: '256Mi' }, limits: { cpu: '900m', memory: '512Mi' } },
                volumeMount: [
                  ...DEFENDER_HOST_PATHS.map((path) => ({ name: path.name, mountPath: path.mountPath, readOnly: path.readOnly })),
                  { name: 'service-parameter', mountPath: '/var/lib/twistlock/secrets', readOnly: true },
                ],
              },
            ],
            volume: [
              ...DEFENDER_HOST_PATHS.map((path) => ({ name: path.name, hostPath: { path: path.hostPath } })),
              {
                name: 'service-parameter',
                secret: { secretName: this.secret.metadata.name, defaultMode: '0400', items: [{ key: 'service-parameter', path: 'service-parameter' }] },
              },
            ],
          },
        },
      },
    });

    waive(this.daemonSet, {
      rule: 'MESH-POD-01 (non-root, no privilege escalation)',
      reason:
        "The Defender inspects every process and container on the node: it runs as root with host PID and the listed capabilities, and Kubernetes refuses allowPrivilegeEscalation: false next to CAP_SYS_ADMIN. Its namespace is the only privileged one. checkov's CKV_K8S_20 reads Pods and Deployments only, and CKV_K8S_23 exists only for Kubernetes manifests.",
    });

    waive(this.daemonSet, {
      rule: 'MESH-POD-04, kics 587d5d82, kics ac1564a3, kics fe771ff7, kics 3f55386d (host namespaces, added capabilities)',
      reason:
        "The Defender watches every process, container and connection on its node: it needs host PID, host network and the capabilities its container adds, as the console's containerd DaemonSet gives it. checkov does not read DaemonSets for these rules; this waiver is why the policy checks let it pass.",
    });
    waive(this.daemonSet, {
      rule: 'MESH-POD-02, kics 8657197e (liveness and readiness probes)',
      reason:
        'No health endpoint or probe command of the Defender could be verified here (the console generates its DaemonSet per release), and a guessed liveness probe would restart the Defender on every node.',
    });
    waive(this.daemonSet, {
      rule: 'kics a62a99d1 (Volume Mount With OS Directory Write Permissions)',
      reason:
        "The Defender keeps its state in the node's /var/lib/twistlock and reaches containerd and syslog under /run/containerd and /dev/log, mounted writable as the console's containerd DaemonSet mounts them; its other host paths are read-only.",
    });
    waive(this.daemonSet, {
      rule: 'kics 6d8f1a10 (Secrets As Environment Variables)',
      reason:
        "The Defender takes its console address and install bundle from WS_ADDRESS and INSTALL_BUNDLE, as the console's DaemonSet passes them; both come from the Secret (sensitive variables, never in the JSON), and the service parameter is a mounted file.",
    });
    waive(this.daemonSet, {
      rule: 'kics 455f2e0c (Seccomp Profile Is Not Configured)',
      reason:
        'The Defender traces every process on the node, so it keeps AppArmor unconfined and sets no seccomp profile; a profile not verified against it could stop it seeing the node.',
    });
    if (!isPinnedByDigest(props.image)) waive(this.daemonSet, taggedImageWaiver('prismaCloud.defenderImage', this.daemonSet.terraformResourceType));

    // TLS is terminated at the console; the entry lets meshed callers (twistcli jobs, scanners)
    // reach it under REGISTRY_ONLY. The Defender itself runs outside the mesh.
    this.consoleEntry = new Manifest(this, 'console', {
      ...common,
      dependsOn: [this.namespace],
      manifest: externalTlsServiceEntry({
        name: CONSOLE_ENTRY_NAME,
        namespace: ns,
        host: this.consoleHost,
        port: Number(consoleUrl.port || 443),
        exportTo: ['*'],
      }),
    });
  }
}

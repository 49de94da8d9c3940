import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { GkeKubernetesProvider } from '../../../lib/cluster/gke-kubernetes-provider';
import { RemoteReader } from '../../../lib/mesh/remote-reader';
import { RemoteSecret, type RemoteSecretProps } from '../../../lib/mesh/remote-secret';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

type Props = Omit<RemoteSecretProps, 'provider'>;

const LITERAL: Props = { remoteClusterName: 'beta', remoteServer: '172.16.0.18', remoteCaCertificate: 'LS0tLS1CRUdJTg==', remoteToken: 'token-value' };

/** The HCL yamlencode(...) cdktf writes for a kubeconfig of `cluster`, given already-rendered HCL values. */
function kubeconfig(cluster: string, server: string, ca: string, token: string): string {
  return (
    `\${yamlencode({"apiVersion" = "v1", "kind" = "Config", ` +
    `"clusters" = [{"name" = "${cluster}", "cluster" = {"server" = ${server}, "certificate-authority-data" = ${ca}}}], ` +
    `"users" = [{"name" = "${cluster}", "user" = {"token" = ${token}}}], ` +
    `"contexts" = [{"name" = "${cluster}", "context" = {"cluster" = "${cluster}", "user" = "${cluster}"}}], ` +
    `"current-context" = "${cluster}", "preferences" = {}})}`
  );
}

function remoteSecret(props: Partial<RemoteSecretProps> = {}): { construct: RemoteSecret; json: SynthJson; secret: Record<string, unknown> } {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const construct = new RemoteSecret(stack, 'remote-beta', { provider, ...LITERAL, ...props });
  const json = synth(stack);
  return { construct, json, secret: resourceAt(json, 'kubernetes_secret_v1', 'remote-beta/secret') };
}

describe('RemoteSecret', () => {
  describe('with literal values', () => {
    let construct: RemoteSecret;
    let json: SynthJson;
    let secret: Record<string, unknown>;

    beforeAll(() => {
      ({ construct, json, secret } = remoteSecret());
    });

    it('creates one Opaque secret on the given provider, depending on nothing', () => {
      expect(Object.keys(json.resource ?? {})).toEqual(['kubernetes_secret_v1']);
      expect(resources(json, 'kubernetes_secret_v1')).toHaveLength(1);
      expect(secret.provider).toBe('kubernetes.a');
      expect(secret.type).toBe('Opaque');
      expect(secret).not.toHaveProperty('depends_on');
      expect(construct.secret).toBeInstanceOf(SecretV1);
    });

    it('is named istio-remote-secret-<remote>, in istio-system, labelled for istiod and annotated with the remote cluster', () => {
      expect(construct.name).toBe('istio-remote-secret-beta');
      expect(secret.metadata).toEqual({
        name: 'istio-remote-secret-beta',
        namespace: 'istio-system',
        labels: { 'istio/multiCluster': 'true', 'app.kubernetes.io/managed-by': 'cdktf' },
        annotations: { 'networking.istio.io/cluster': 'beta' },
      });
    });

    it("holds one kubeconfig, keyed by the remote cluster's name", () => {
      const data = secret.data as Record<string, string>;
      expect(Object.keys(data)).toEqual(['beta']);
      expect(data.beta).toBe(kubeconfig('beta', '"https://172.16.0.18"', '"LS0tLS1CRUdJTg=="', '"token-value"'));
    });

    it('points the kubeconfig at https://<server> with the CA, the token and a current context', () => {
      const config = (secret.data as Record<string, string>).beta;
      expect(config).toContain('"server" = "https://172.16.0.18"');
      expect(config).toContain('"certificate-authority-data" = "LS0tLS1CRUdJTg=="');
      expect(config).toContain('"user" = {"token" = "token-value"}');
      expect(config).toContain('"current-context" = "beta"');
      expect(config).toMatch(/^\$\{yamlencode\(\{.*\}\)\}$/);
    });
  });

  it('renders references to the remote cluster and reader inside the kubeconfig expression, never their values', () => {
    const stack = testStack();
    const local = new KubernetesProvider(stack, 'k8s', { alias: 'alpha' });
    const clientConfig = new DataGoogleClientConfig(stack, 'client');
    const remote = new GkeKubernetesProvider(stack, 'k8s-beta', { project: 'mesh-project', clusterName: 'beta', location: 'us-east1', clientConfig });
    const reader = new RemoteReader(stack, 'reader-beta', { provider: remote.provider });
    new RemoteSecret(stack, 'remote-beta', {
      provider: local,
      remoteClusterName: 'beta',
      remoteServer: remote.privateEndpoint,
      remoteCaCertificate: remote.caCertificate,
      remoteToken: reader.token,
    });
    const json = synth(stack);
    const cluster = Object.keys(json.data?.google_container_cluster ?? {});
    const token = Object.keys(json.resource?.kubernetes_secret_v1 ?? {}).filter((id) => /^reader-beta_token_[0-9A-F]{8}$/.test(id));
    expect(cluster).toHaveLength(1);
    expect(token).toHaveLength(1);
    const secret = resourceAt(json, 'kubernetes_secret_v1', 'remote-beta/secret');
    expect(secret.provider).toBe('kubernetes.alpha');
    expect(secret.data).toEqual({
      beta: kubeconfig(
        'beta',
        `"https://\${data.google_container_cluster.${cluster[0]}.private_cluster_config[0].private_endpoint}"`,
        `data.google_container_cluster.${cluster[0]}.master_auth[0].cluster_ca_certificate`,
        `kubernetes_secret_v1.${token[0]}.data.token`,
      ),
    });
  });

  it('takes a namespace and dependsOn', () => {
    const stack = testStack();
    const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
    const namespace = new NamespaceV1(stack, 'namespace', { provider, metadata: { name: 'mesh-system' } });
    new RemoteSecret(stack, 'remote-beta', { provider, ...LITERAL, namespace: 'mesh-system', dependsOn: [namespace] });
    const secret = resourceAt(synth(stack), 'kubernetes_secret_v1', 'remote-beta/secret');
    expect((secret.metadata as Record<string, unknown>).namespace).toBe('mesh-system');
    expect(secret.depends_on).toEqual(['kubernetes_namespace_v1.namespace']);
  });

  it('keys the secret, its name, annotation and kubeconfig by the remote cluster name', () => {
    const { construct, secret } = remoteSecret({ remoteClusterName: 'gamma-2' });
    expect(construct.name).toBe('istio-remote-secret-gamma-2');
    expect((secret.metadata as Record<string, unknown>).name).toBe('istio-remote-secret-gamma-2');
    expect((secret.metadata as Record<string, unknown>).annotations).toEqual({ 'networking.istio.io/cluster': 'gamma-2' });
    expect(secret.data).toEqual({ 'gamma-2': kubeconfig('gamma-2', '"https://172.16.0.18"', '"LS0tLS1CRUdJTg=="', '"token-value"') });
  });

  describe('validation', () => {
    const build = (remoteClusterName: string) => () => {
      const stack = scope();
      new RemoteSecret(stack, 'remote', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), ...LITERAL, remoteClusterName });
    };

    it.each(['', 'Beta', '1beta', 'beta-', '-beta', 'beta_2', 'beta.example', 'a'.repeat(41)])('refuses remoteClusterName %j', (remoteClusterName) => {
      expect(build(remoteClusterName)).toThrow(
        new Error(`RemoteSecret: props.remoteClusterName must be an RFC 1035 label of at most 40 characters, got "${remoteClusterName}"`),
      );
    });

    it.each(['b', 'beta', 'beta-2', 'a'.repeat(40)])('accepts remoteClusterName %j', (remoteClusterName) => {
      expect(build(remoteClusterName)).not.toThrow();
    });

    const buildWith = (props: Partial<RemoteSecretProps>) => () => {
      const stack = scope();
      new RemoteSecret(stack, 'remote', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), ...LITERAL, ...props });
    };

    it.each(['https://172.16.0.18', 'HTTP://10.0.0.2'])('refuses remoteServer %j with a scheme, which would double it', (remoteServer) => {
      expect(buildWith({ remoteServer })).toThrow(
        new Error(`RemoteSecret: props.remoteServer must be a host or address without a scheme, got "${remoteServer}"`),
      );
    });

    it.each(['Istio-System', 'istio_system', ''])('refuses namespace %j', (namespace) => {
      expect(buildWith({ namespace })).toThrow(
        new Error(`RemoteSecret: props.namespace must be an RFC 1035 label of at most 63 characters, got "${namespace}"`),
      );
    });

    it.each(['istio-system', 'mesh-discovery'])('accepts namespace %j', (namespace) => {
      expect(buildWith({ namespace })).not.toThrow();
    });
  });
});

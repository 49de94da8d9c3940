import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { DataGoogleContainerCluster } from '@cdktf/provider-google/lib/data-google-container-cluster';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformOutput, type TerraformStack, Token } from 'cdktf';
import { GkeKubernetesProvider, type GkeKubernetesProviderProps } from '../../../lib/cluster/gke-kubernetes-provider';
import { scope, synth, type SynthJson, testStack } from '../../helpers';

type Props = Omit<GkeKubernetesProviderProps, 'clientConfig'>;

const BASE: Props = { project: 'mesh-project', clusterName: 'alpha', location: 'us-central1' };

/** A stack with one GkeKubernetesProvider (plus any extra), sharing one client config. */
function build(...all: Props[]): { stack: TerraformStack; constructs: GkeKubernetesProvider[]; json: SynthJson } {
  const stack = testStack();
  const clientConfig = new DataGoogleClientConfig(stack, 'client');
  const constructs = all.map((props) => new GkeKubernetesProvider(stack, props.clusterName, { ...props, clientConfig }));
  return { stack, constructs, json: synth(stack) };
}

/** The logical ID of the one cluster data source whose construct path is `<id>/cluster`. */
function clusterId(json: SynthJson, id: string): string {
  const ids = Object.keys(json.data?.google_container_cluster ?? {}).filter((key) => new RegExp(`^${id}_cluster_[0-9A-F]{8}$`).test(key));
  if (ids.length !== 1) throw new Error(`expected one google_container_cluster for ${id}, found ${ids.length}`);
  return ids[0];
}

function withoutMetadata(value: unknown): Record<string, unknown> {
  const { ['//']: _metadata, ...rest } = value as Record<string, unknown>;
  return rest;
}

describe('GkeKubernetesProvider', () => {
  describe('with defaults', () => {
    let construct: GkeKubernetesProvider;
    let json: SynthJson;
    let cluster: string;

    beforeAll(() => {
      ({
        constructs: [construct],
        json,
      } = build(BASE));
      cluster = `data.google_container_cluster.${clusterId(json, 'alpha')}`;
    });

    it('reads the named cluster with one data source, and creates no resource', () => {
      const clusters = Object.values(json.data?.google_container_cluster ?? {}).map(withoutMetadata);
      expect(clusters).toEqual([{ project: 'mesh-project', name: 'alpha', location: 'us-central1' }]);
      expect(json.resource).toBeUndefined();
      expect(construct.cluster).toBeInstanceOf(DataGoogleContainerCluster);
    });

    it("configures one kubernetes provider, aliased after the cluster, on the public endpoint with the caller's token and the cluster CA", () => {
      expect(json.provider?.kubernetes).toEqual([
        {
          alias: 'alpha',
          host: `https://\${${cluster}.endpoint}`,
          token: '${data.google_client_config.client.access_token}',
          cluster_ca_certificate: `\${base64decode(${cluster}.master_auth[0].cluster_ca_certificate)}`,
        },
      ]);
      expect(construct.provider).toBeInstanceOf(KubernetesProvider);
      expect(construct.provider.alias).toBe('alpha');
    });

    it('stores no literal credential: the token and CA are references only', () => {
      const [provider] = json.provider?.kubernetes as Record<string, string>[];
      expect(provider).not.toHaveProperty('client_certificate');
      expect(provider).not.toHaveProperty('client_key');
      expect(provider).not.toHaveProperty('password');
      expect(provider.token).toMatch(/^\$\{data\.google_client_config\.[^}]+\}$/);
    });

    it('exposes the private endpoint, the base64 CA and the fleet membership as references to the data source', () => {
      for (const value of [construct.privateEndpoint, construct.caCertificate, construct.membershipId, construct.membershipLocation]) {
        expect(Token.isUnresolved(value)).toBe(true);
      }
      const stack = testStack();
      const clientConfig = new DataGoogleClientConfig(stack, 'client');
      const other = new GkeKubernetesProvider(stack, 'alpha', { ...BASE, clientConfig });
      new TerraformOutput(stack, 'private-endpoint', { value: other.privateEndpoint });
      new TerraformOutput(stack, 'ca', { value: other.caCertificate });
      new TerraformOutput(stack, 'membership-id', { value: other.membershipId });
      new TerraformOutput(stack, 'membership-location', { value: other.membershipLocation });
      const outputJson = synth(stack);
      const outputs = outputJson.output;
      const data = `data.google_container_cluster.${clusterId(outputJson, 'alpha')}`;
      expect(outputs?.['private-endpoint'].value).toBe(`\${${data}.private_cluster_config[0].private_endpoint}`);
      expect(outputs?.ca.value).toBe(`\${${data}.master_auth[0].cluster_ca_certificate}`);
      expect(outputs?.['membership-id'].value).toBe(`\${${data}.fleet[0].membership_id}`);
      expect(outputs?.['membership-location'].value).toBe(`\${${data}.fleet[0].membership_location}`);
    });
  });

  describe('with usePrivateEndpoint and an alias', () => {
    let construct: GkeKubernetesProvider;
    let json: SynthJson;

    beforeAll(() => {
      ({
        constructs: [construct],
        json,
      } = build({ ...BASE, usePrivateEndpoint: true, alias: 'mesh-alpha' }));
    });

    it('takes the alias instead of the cluster name', () => {
      expect((json.provider?.kubernetes as Record<string, unknown>[]).map((provider) => provider.alias)).toEqual(['mesh-alpha']);
      expect(construct.provider.alias).toBe('mesh-alpha');
    });

    it('talks to the private endpoint, keeping the token and CA', () => {
      const cluster = `data.google_container_cluster.${clusterId(json, 'alpha')}`;
      expect(json.provider?.kubernetes).toEqual([
        {
          alias: 'mesh-alpha',
          host: `https://\${${cluster}.private_cluster_config[0].private_endpoint}`,
          token: '${data.google_client_config.client.access_token}',
          cluster_ca_certificate: `\${base64decode(${cluster}.master_auth[0].cluster_ca_certificate)}`,
        },
      ]);
    });
  });

  it('uses the public endpoint when usePrivateEndpoint is false', () => {
    const { json } = build({ ...BASE, usePrivateEndpoint: false });
    const [provider] = json.provider?.kubernetes as Record<string, unknown>[];
    expect(provider.host).toBe(`https://\${data.google_container_cluster.${clusterId(json, 'alpha')}.endpoint}`);
  });

  it('gives each cluster its own data source and aliased provider, sharing one client config', () => {
    const { json } = build(BASE, { project: 'other-project', clusterName: 'beta', location: 'europe-west1-b' });
    const alpha = `data.google_container_cluster.${clusterId(json, 'alpha')}`;
    const beta = `data.google_container_cluster.${clusterId(json, 'beta')}`;
    expect(withoutMetadata(json.data?.google_container_cluster[clusterId(json, 'beta')])).toEqual({
      project: 'other-project',
      name: 'beta',
      location: 'europe-west1-b',
    });
    expect(Object.keys(json.data?.google_client_config ?? {})).toEqual(['client']);
    expect(json.provider?.kubernetes).toEqual([
      {
        alias: 'alpha',
        host: `https://\${${alpha}.endpoint}`,
        token: '${data.google_client_config.client.access_token}',
        cluster_ca_certificate: `\${base64decode(${alpha}.master_auth[0].cluster_ca_certificate)}`,
      },
      {
        alias: 'beta',
        host: `https://\${${beta}.endpoint}`,
        token: '${data.google_client_config.client.access_token}',
        cluster_ca_certificate: `\${base64decode(${beta}.master_auth[0].cluster_ca_certificate)}`,
      },
    ]);
  });

  describe('validation', () => {
    const construct = (clusterName: string) => () => {
      const stack = scope();
      new GkeKubernetesProvider(stack, 'k8s', { ...BASE, clusterName, clientConfig: new DataGoogleClientConfig(stack, 'client') });
    };

    it.each(['', 'Alpha', '1alpha', 'alpha-', '-alpha', 'alpha_beta', 'alpha.beta', 'a'.repeat(41)])('refuses clusterName %j', (clusterName) => {
      expect(construct(clusterName)).toThrow(
        new Error(`GkeKubernetesProvider: props.clusterName must be an RFC 1035 label of at most 40 characters, got "${clusterName}"`),
      );
    });

    it.each(['a', 'alpha', 'alpha-2', 'a'.repeat(40)])('accepts clusterName %j', (clusterName) => {
      expect(construct(clusterName)).not.toThrow();
    });
  });
});

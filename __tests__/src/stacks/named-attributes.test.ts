import * as path from 'path';
import { DefaultTokenResolver, StringConcat, Testing, Tokenization, type TerraformStack } from 'cdktf';
import { loadConfig } from '../../../src/config/load';
import { buildApp } from '../../../src/stacks/app';
import { REPO_ROOT } from '../../helpers';

/** The Terraform expression a token stands for, as synth writes it. */
function expression(stack: TerraformStack, token: string): unknown {
  return Tokenization.resolve(token, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/** What callers read from the constructs, checked against the Terraform attribute each names. */
describe('named attributes of the constructs the stacks use', () => {
  const config = loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml'));
  const { platform, workloads } = buildApp(Testing.stubVersion(Testing.app()), config);
  const first = config.clusters[0];

  it('MeshNetwork: the VPC ID and each subnet by name', () => {
    expect(expression(platform, platform.network.networkId)).toMatch(/^\$\{google_compute_network\.network_vpc_[0-9A-F]+\.id\}$/);
    expect(platform.network.subnet(first.subnetName)).toBe(platform.network.subnets.get(first.subnetName));
    expect(() => platform.network.subnet('nope')).toThrow(
      `MeshNetwork: no subnet "nope"; the subnets are ${config.clusters.map((c) => c.subnetName).join(', ')}`,
    );
  });

  it("PrivateCluster: the control plane's public and private endpoints", () => {
    const cluster = platform.clusters.get(first.name)!;
    expect(expression(platform, cluster.endpoint)).toMatch(/^\$\{google_container_cluster\.cluster-[\w-]+_cluster_[0-9A-F]+\.endpoint\}$/);
    expect(expression(platform, cluster.privateEndpoint)).toMatch(
      /^\$\{google_container_cluster\.cluster-[\w-]+_cluster_[0-9A-F]+\.private_cluster_config\[0\]\.private_endpoint\}$/,
    );
  });

  it("CloudSqlPostgres: the instance's private IP and name", () => {
    expect(expression(platform, platform.postgres!.privateIp)).toMatch(/^\$\{google_sql_database_instance\.postgres_instance_[0-9A-F]+\.private_ip_address\}$/);
    expect(expression(platform, platform.postgres!.instanceName)).toMatch(/^\$\{google_sql_database_instance\.postgres_instance_[0-9A-F]+\.name\}$/);
  });

  it("IngressGateway: the load balancer's address", () => {
    const gateway = workloads.clusters.get(first.name)!.gateway;
    expect(expression(workloads, gateway.address)).toMatch(
      /^\$\{kubernetes_service_v1\.gateway-[\w-]+_service_[0-9A-F]+\.status\[0\]\.load_balancer\[0\]\.ingress\[0\]\.ip\}$/,
    );
  });
});

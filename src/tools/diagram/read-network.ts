import { blockList, firstBlock, strings } from '../../../lib/core/synthesized-stack';
import { type AppBlocks, byName, num, type StackBlock, str } from './app-blocks';
import type { ArchitectureModel, Cluster, FirewallRule, Subnet } from './model';

type NetworkModel = Pick<ArchitectureModel, 'networks' | 'subnets' | 'clusters' | 'nats' | 'firewalls' | 'privateServiceRanges'>;

/** The address of the block of `type` an attribute refers to. */
const ref = (block: StackBlock, value: unknown, type: string) => block.stack.referencedBlock(value, type)?.address;
const nameOf = (block: StackBlock) => str(block.config.name) ?? block.name;

/** The VPC, its subnets, clusters, NAT, firewall rules and private services ranges. */
export function readNetwork(app: AppBlocks): NetworkModel {
  const networks = app
    .resources('google_compute_network')
    .map((block) => ({ key: block.address, name: nameOf(block), routingMode: str(block.config.routing_mode), project: str(block.config.project) }))
    .sort(byName);

  const subnets: Subnet[] = app
    .resources('google_compute_subnetwork')
    .map((block) => ({
      key: block.address,
      name: nameOf(block),
      region: str(block.config.region) ?? '',
      cidr: str(block.config.ip_cidr_range) ?? '',
      secondary: blockList(block.config.secondary_ip_range).map((range) => ({ name: str(range.range_name) ?? '', cidr: str(range.ip_cidr_range) ?? '' })),
      network: ref(block, block.config.network, 'google_compute_network'),
    }))
    .sort(byName);

  const nats = app
    .resources('google_compute_router_nat')
    .map((block) => {
      const router = block.stack.referencedBlock(block.config.router, 'google_compute_router');
      return {
        name: nameOf(block),
        region: str(block.config.region),
        network: router ? ref(block, router.config.network, 'google_compute_network') : undefined,
      };
    })
    .sort(byName);

  const privateServiceRanges = app
    .resources('google_compute_global_address')
    .filter((block) => block.config.purpose === 'VPC_PEERING')
    .map((block) => ({
      name: nameOf(block),
      cidr: `${str(block.config.address) ?? '?'}/${String(block.config.prefix_length ?? '?')}`,
      network: ref(block, block.config.network, 'google_compute_network'),
    }))
    .sort(byName);

  const meshRanges = new Set(subnets.flatMap((subnet) => subnet.secondary.map((range) => range.cidr)));
  return { networks, subnets, clusters: readClusters(app, meshRanges), nats, firewalls: readFirewalls(app), privateServiceRanges };
}

function readClusters(app: AppBlocks, meshRanges: ReadonlySet<string>): Cluster[] {
  const pools = app.resources('google_container_node_pool');
  return app
    .resources('google_container_cluster')
    .map((block) => {
      const privateConfig = firstBlock(block.config.private_cluster_config) ?? {};
      const clusterPools = pools.filter((pool) => ref(pool, pool.config.cluster, 'google_container_cluster') === block.address);
      const tags = [
        ...strings(firstBlock(block.config.node_config)?.tags),
        // Autopilot: the tags of the nodes GKE provisions.
        ...strings(firstBlock(firstBlock(block.config.node_pool_auto_config)?.network_tags)?.tags),
        ...clusterPools.flatMap((pool) => strings(firstBlock(pool.config.node_config)?.tags)),
      ];
      return {
        key: block.address,
        name: nameOf(block),
        location: str(block.config.location) ?? '',
        subnet: ref(block, block.config.subnetwork, 'google_compute_subnetwork'),
        network: ref(block, block.config.network, 'google_compute_network'),
        masterCidr: str(privateConfig.master_ipv4_cidr_block),
        project: str(block.config.project),
        fleetProject: str(firstBlock(block.config.fleet)?.project),
        meshId: meshIdOf(block),
        adminNetworks: blockList(firstBlock(block.config.master_authorized_networks_config)?.cidr_blocks)
          .map((entry) => ({ name: str(entry.display_name), cidr: str(entry.cidr_block) ?? '' }))
          .filter((entry) => !meshRanges.has(entry.cidr)),
        privateEndpoint: privateConfig.enable_private_endpoint === true,
        privateNodes: privateConfig.enable_private_nodes === true,
        autopilot: block.config.enable_autopilot === true,
        releaseChannel: str(firstBlock(block.config.release_channel)?.channel),
        tags: [...new Set(tags)].sort(),
        pools: clusterPools
          .map((pool) => {
            const autoscaling = firstBlock(pool.config.autoscaling);
            return {
              // Pools have generated names: the mesh-node-pool label is the configured one.
              name: str((firstBlock(pool.config.node_config)?.labels as Record<string, unknown> | undefined)?.['mesh-node-pool']) ?? nameOf(pool),
              machineType: str(firstBlock(pool.config.node_config)?.machine_type),
              min: num(autoscaling?.min_node_count ?? autoscaling?.total_min_node_count),
              max: num(autoscaling?.max_node_count ?? autoscaling?.total_max_node_count),
            };
          })
          .sort(byName),
      };
    })
    .sort(byName);
}

function readFirewalls(app: AppBlocks): FirewallRule[] {
  return app
    .resources('google_compute_firewall')
    .map((block) => {
      const direction = str(block.config.direction) ?? 'INGRESS';
      const action: 'allow' | 'deny' = blockList(block.config.deny).length > 0 ? 'deny' : 'allow';
      return {
        name: nameOf(block),
        network: ref(block, block.config.network, 'google_compute_network'),
        direction,
        action,
        ranges: strings(direction === 'EGRESS' ? block.config.destination_ranges : block.config.source_ranges),
        sourceTags: strings(block.config.source_tags),
        targetTags: strings(block.config.target_tags),
        protocols: blockList(block.config[action]).map((entry) => ({ protocol: str(entry.protocol) ?? 'all', ports: strings(entry.ports) })),
        description: str(block.config.description),
      };
    })
    .sort(byName);
}

/** The cluster's `mesh_id` label, a project number read at apply written as `<number>` (the fleet project says whose). */
function meshIdOf(block: StackBlock): string | undefined {
  const label = str((block.config.resource_labels as Record<string, unknown> | undefined)?.mesh_id);
  if (label === undefined) return undefined;
  const project = str(block.stack.referencedBlock(label, 'data.google_project')?.config.project_id);
  return project === undefined ? label : label.replace(/\$\{[^}]*\}/, '<number>');
}

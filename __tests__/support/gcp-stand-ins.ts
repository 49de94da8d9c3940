/**
 * A stack's teardown, offline, under the real Terraform engine: the GCP resources a teardown meets
 * become `terraform_data` stand-ins whose destroy runs the fake gcloud's delete against a model of
 * the project (fake-tools/gcloud-project), which refuses as GCP does; the teardown steps stay as
 * synthesized. Dependencies through resources left out are kept, so Terraform orders the destroy
 * exactly as it would the real stack's.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SynthJson } from '../helpers';

type Block = Record<string, unknown>;
const API = 'https://www.googleapis.com/compute/v1';

/** The gcloud delete that stands in for the provider's, per type; undefined: Terraform only forgets it. */
const DELETES: Record<string, ((body: Block, project: string) => string) | undefined> = {
  google_compute_network: (body, project) => `gcloud compute networks delete ${body.name} --project ${project} --quiet`,
  google_compute_subnetwork: (body, project) => `gcloud compute networks subnets delete ${body.name} --region ${body.region} --project ${project} --quiet`,
  google_compute_global_address: (body, project) => `gcloud compute addresses delete ${body.name} --global --project ${project} --quiet`,
  google_sql_database_instance: (body, project) => `gcloud sql instances delete ${body.name} --project ${project} --quiet`,
  google_container_cluster: (body, project) => `gcloud container clusters delete ${body.name} --location ${body.location} --project ${project} --quiet`,
  // deletion_policy ABANDON: the provider's delete only logs.
  google_service_networking_connection: undefined,
  google_sql_database: undefined,
  google_sql_user: undefined,
  google_gke_hub_feature: undefined,
  google_gke_hub_feature_membership: undefined,
};

const REFERENCE = /\$\{([^}]*)\}/g;
const ADDRESS = /\b((?:google|kubernetes|terraform|tls|data\.google)[a-z0-9_]*)\.([A-Za-z0-9_-]+)/g;

export interface StandIns {
  readonly json: Block;
  readonly assets: Map<string, string>;
  /** What the deploy left in GCP, for the project model: the stand-ins' objects. */
  readonly objects: Record<string, Block[]>;
}

/** `address` of every kept resource → its stand-in's name. */
const standInName = (type: string, name: string) => `${type}__${name}`;

export function standIns(json: SynthJson, files: ReadonlyMap<string, string>, defaultProject: string): StandIns {
  const all = (json.resource ?? {}) as Record<string, Record<string, Block>>;
  const data = (json.data ?? {}) as Record<string, Record<string, Block>>;
  const bodies = new Map<string, Block>();
  for (const [type, byName] of Object.entries(all)) for (const [name, body] of Object.entries(byName)) bodies.set(`${type}.${name}`, body);
  const isStep = (body: Block) => JSON.stringify(body.provisioner ?? []).includes('teardown.sh');
  const kept = (address: string) => {
    const [type] = address.split('.');
    return type === 'terraform_data' ? isStep(bodies.get(address) ?? {}) : type in DELETES && bodies.has(address);
  };
  // Literal values of kept objects, for references to them (their id, name, self link).
  const projectOf = (body: Block) => String(body.project ?? defaultProject);
  const literal = (address: string, attribute: string): string => {
    const [type] = address.split('.');
    const body = bodies.get(address) ?? {};
    if (type === 'google_compute_network') return attribute === 'name' ? String(body.name) : `projects/${projectOf(body)}/global/networks/${body.name}`;
    if (type === 'google_compute_subnetwork') return `projects/${projectOf(body)}/regions/${body.region}/subnetworks/${body.name}`;
    if (type === 'google_compute_global_address') return attribute === 'name' ? String(body.name) : `projects/${projectOf(body)}/global/addresses/${body.name}`;
    if (address.startsWith('data.google_container_cluster.') && attribute.endsWith('membership_id')) return String(body.name);
    if (address.startsWith('data.google_container_cluster.') && attribute.endsWith('membership_location')) return 'global';
    if (body.name !== undefined && attribute === 'name') return String(body.name);
    return `${address.replace(/\W/g, '-')}-${attribute.replace(/\W/g, '-')}`;
  };
  const dataBodies = new Map<string, Block>();
  for (const [type, byName] of Object.entries(data)) for (const [name, body] of Object.entries(byName)) dataBodies.set(`data.${type}.${name}`, body);
  const resolve = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value ?? null).replace(REFERENCE, (_match, expression: string) => {
        const parts = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.(.+)$/.exec(expression);
        if (!parts) return expression;
        const body = bodies.get(parts[1]) ?? dataBodies.get(parts[1]);
        if (body && parts[1].startsWith('data.')) bodies.set(parts[1], body);
        return literal(parts[1], parts[2]);
      }),
    );

  // Every resource's direct dependencies, then the kept ones reached through left-out ones.
  const direct = new Map<string, Set<string>>();
  for (const [address, body] of bodies) {
    const found = new Set<string>();
    const text = JSON.stringify({ ...body, provisioner: undefined });
    for (const expression of text.match(REFERENCE) ?? []) for (const match of expression.matchAll(ADDRESS)) found.add(`${match[1]}.${match[2]}`);
    for (const dependency of (body.depends_on as string[] | undefined) ?? []) found.add(dependency);
    found.delete(address);
    direct.set(address, found);
  }
  const reach = new Map<string, Set<string>>();
  const keptDependencies = (address: string, seen = new Set<string>()): Set<string> => {
    if (reach.has(address)) return reach.get(address)!;
    const result = new Set<string>();
    seen.add(address);
    for (const dependency of direct.get(address) ?? []) {
      if (seen.has(dependency)) continue;
      if (kept(dependency)) result.add(dependency);
      else for (const each of keptDependencies(dependency, seen)) result.add(each);
    }
    reach.set(address, result);
    return result;
  };

  const resources: Record<string, Block> = {};
  const assets = new Map<string, string>();
  const objects: Record<string, Block[]> = { networks: [], subnetworks: [], addresses: [], sqlInstances: [], clusters: [], peerings: [] };
  for (const address of [...bodies.keys()].filter(kept)) {
    const [type, name] = address.split('.');
    const body = bodies.get(address)!;
    const log = { when: 'destroy', command: `echo ${address} >>"$LOG_DIR/destroyed"` };
    const dependsOn = [...keptDependencies(address)].map((each) => `terraform_data.${standInName(...(each.split('.') as [string, string]))}`);
    // create_before_destroy changes the graph; the rest of lifecycle names the real type's attributes.
    const cbd = (body.lifecycle as Block | undefined)?.create_before_destroy;
    const base: Block = {
      ...(dependsOn.length > 0 ? { depends_on: dependsOn.sort() } : {}),
      ...(cbd !== undefined ? { lifecycle: { create_before_destroy: cbd } } : {}),
    };
    if (type === 'terraform_data') {
      const steps = (body.provisioner as Block[]).filter((each) => (each['local-exec'] as Block).when === 'destroy');
      const text = JSON.stringify(steps);
      for (const match of text.matchAll(/assets\/[^ "]+/g)) assets.set(match[0], files.get(path.basename(match[0]))!);
      resources[standInName(type, name)] = { ...base, input: resolve(body.input), provisioner: [{ 'local-exec': log }, ...steps] };
      continue;
    }
    const resolved = resolve(body) as Block;
    const project = projectOf(resolved);
    const remove = DELETES[type]?.(resolved, project);
    resources[standInName(type, name)] = { ...base, provisioner: [{ 'local-exec': remove ? { ...log, command: `${log.command} && ${remove}` } : log }] };
    const link = (value: unknown) => `${API}/${String(value)}`;
    if (type === 'google_compute_network') objects.networks.push({ project, name: resolved.name, selfLink: link(literal(address, 'id')) });
    if (type === 'google_compute_subnetwork')
      objects.subnetworks.push({
        project,
        name: resolved.name,
        region: resolved.region,
        network: link(resolved.network),
        selfLink: link(literal(address, 'id')),
      });
    if (type === 'google_compute_global_address')
      objects.addresses.push({ project, name: resolved.name, network: link(resolved.network), selfLink: link(literal(address, 'id')) });
    if (type === 'google_container_cluster')
      objects.clusters.push({
        project,
        name: resolved.name,
        location: resolved.location,
        network: link(resolved.network),
        subnetwork: link(resolved.subnetwork),
      });
    if (type === 'google_sql_database_instance') {
      const network = ((resolved.settings as Block).ip_configuration as Block).private_network;
      objects.sqlInstances.push({ project, name: resolved.name, network: link(network) });
    }
    if (type === 'google_service_networking_connection') {
      const network = link(resolved.network);
      const ranges = (resolved.reserved_peering_ranges as string[]).map((range) => objects.addresses.find((each) => each.name === range)?.selfLink ?? range);
      objects.peerings.push({
        project: network.split('/')[6],
        name: 'servicenetworking-googleapis-com',
        network,
        ranges,
        selfLink: `${network}/peerings/servicenetworking-googleapis-com`,
      });
    }
  }
  // A stack with nothing to stand in for (an in-cluster mesh) still needs a resource to be valid.
  if (Object.keys(resources).length === 0) resources.nothing = {};
  return { json: { resource: { terraform_data: resources } }, assets, objects };
}

/** GKE's load balancer objects for one cluster's internal gateway, as a deploy leaves them. */
export function gkeLoadBalancer(cluster: Block, networkProject: string, zone: string): Record<string, Block[]> {
  const project = String(cluster.project);
  const region = zone.replace(/-[a-z]$/, '');
  const id = `a${String(cluster.name).replace(/\W/g, '')}0123456789abcdef`.slice(0, 32);
  return {
    forwardingRules: [
      {
        project,
        name: id,
        region,
        network: cluster.network,
        subnetwork: cluster.subnetwork,
        cluster: cluster.name,
        description: '{"kubernetes.io/service-name":"istio-ingress/istio-ingressgateway"}',
        selfLink: `${API}/projects/${project}/regions/${region}/forwardingRules/${id}`,
      },
    ],
    firewalls: [
      {
        project: networkProject,
        name: `k8s-fw-${id}`,
        network: cluster.network,
        cluster: cluster.name,
        selfLink: `${API}/projects/${networkProject}/global/firewalls/k8s-fw-${id}`,
      },
    ],
    negs: [
      {
        project,
        name: `k8s1-${id.slice(1, 9)}-istio-ingress-istio-ingressgateway-443-${id.slice(9, 17)}`,
        zone,
        network: cluster.network,
        subnetwork: cluster.subnetwork,
        selfLink: `${API}/projects/${project}/zones/${zone}/networkEndpointGroups/k8s1-${id.slice(1, 9)}-istio-ingress-istio-ingressgateway-443-${id.slice(9, 17)}`,
      },
    ],
  };
}

/** Writes the project model the fake gcloud reads and changes. */
export function writeModel(file: string, parts: readonly Record<string, Block[]>[]): void {
  const model: Record<string, Block[]> = {
    networks: [],
    subnetworks: [],
    firewalls: [],
    forwardingRules: [],
    negs: [],
    addresses: [],
    peerings: [],
    sqlInstances: [],
    clusters: [],
  };
  for (const part of parts) for (const [key, list] of Object.entries(part)) model[key] = [...(model[key] ?? []), ...list];
  fs.writeFileSync(file, JSON.stringify(model, null, 2));
}

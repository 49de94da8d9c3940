import type { ProjectService } from '@cdktf/provider-google/lib/project-service';
import {
  DefaultTokenResolver,
  dependable,
  type IAspect,
  type ITerraformDependable,
  StringConcat,
  TerraformResource,
  TerraformStack,
  Token,
  Tokenization,
} from 'cdktf';
import { type IConstruct } from 'constructs';

/**
 * The API a google resource needs in its own project, by type prefix (the longest prefix wins).
 * An unlisted `google_*` type is an error at synth, so a new resource cannot forget its API.
 */
export const API_BY_TYPE_PREFIX: Readonly<Record<string, string | null>> = {
  google_compute_: 'compute.googleapis.com',
  google_container_: 'container.googleapis.com',
  google_service_account: 'iam.googleapis.com',
  google_project_iam_: 'cloudresourcemanager.googleapis.com',
  google_project_iam_custom_role: 'iam.googleapis.com',
  google_sql_: 'sqladmin.googleapis.com',
  google_service_networking_: 'servicenetworking.googleapis.com',
  google_gke_hub_: 'gkehub.googleapis.com',
  google_secret_manager_: 'secretmanager.googleapis.com',
  // Service Usage itself: always on, and what turns the others on.
  google_project_service: null,
  // Needs the API it names, which ProjectServiceIdentity records with requireApi.
  google_project_service_identity: null,
};

/** The API a resource type needs, `null` for none; throws for a type the table does not know. */
export function requiredApi(type: string): string | null {
  const prefix = Object.keys(API_BY_TYPE_PREFIX)
    .filter((candidate) => type.startsWith(candidate))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) throw new Error(`Prerequisites: no API is known for ${type}; add its prefix to API_BY_TYPE_PREFIX`);
  return API_BY_TYPE_PREFIX[prefix];
}

/** `serviceAccount:<project>.svc.id.goog[ns/ksa]`: a member of a Workload Identity pool. */
const WORKLOAD_POOL_MEMBER = /^serviceAccount:([a-z][-a-z0-9]{4,28}[a-z0-9])\.svc\.id\.goog\[/;

const RESOLVER = new DefaultTokenResolver(new StringConcat());

const extraApis = new WeakMap<IConstruct, { project: string; api: string }[]>();

/**
 * Records that `resource` also needs `api` in another project than its own, such as a grant to
 * a service agent that the API creates (GKE's `container-engine-robot`).
 */
export function requireApi(resource: TerraformResource, project: string, api: string): void {
  extraApis.set(resource, [...(extraApis.get(resource) ?? []), { project, api }]);
}

export interface PrerequisitesProps {
  /** Every enabled API, by project then service name. */
  readonly apis: ReadonlyMap<string, ReadonlyMap<string, ProjectService>>;
  /** The provider's project: resources that name none live there. */
  readonly defaultProject: string;
  /**
   * A Workload Identity cluster per project: IAM refuses bindings on `<project>.svc.id.goog`
   * ("Identity Pool does not exist") until one exists.
   * @default none: a binding on a pool fails synth
   */
  readonly workloadPools?: ReadonlyMap<string, ITerraformDependable>;
}

/**
 * Makes every google resource of a stack wait for what GCP needs before it: the API of its type
 * in its project, any API recorded with {@link requireApi}, and the Workload Identity pool its
 * member names. Applied once per stack that enables APIs, so a first apply on a fresh project
 * needs no second run. A need nothing in the stack provides is an error at synth.
 */
export class Prerequisites implements IAspect {
  constructor(private readonly props: PrerequisitesProps) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || !node.terraformResourceType.startsWith('google_')) return;
    const type = node.terraformResourceType;
    const needs: ITerraformDependable[] = [];
    const api = requiredApi(type);
    if (api !== null) needs.push(this.api(node, this.projectOf(node), api));
    for (const extra of extraApis.get(node) ?? []) needs.push(this.api(node, extra.project, extra.api));
    const member = (node as { memberInput?: unknown }).memberInput;
    const pool = typeof member === 'string' ? WORKLOAD_POOL_MEMBER.exec(member)?.[1] : undefined;
    if (pool !== undefined) {
      const cluster = this.props.workloadPools?.get(pool);
      if (!cluster) throw new Error(`Prerequisites: ${node.node.path} binds ${member}, but no Workload Identity cluster of ${pool} is known`);
      needs.push(cluster);
    }
    if (needs.length === 0) return;
    // dependable() writes `type.name`, the form depends_on takes; what the construct already
    // waits for is compared resolved, so nothing is listed twice.
    const scope = TerraformStack.of(node);
    const resolve = (entry: string) => String(Tokenization.resolve(entry, { scope, preparing: false, resolver: RESOLVER }));
    const dependsOn = [...(node.dependsOn ?? [])];
    const listed = new Set(dependsOn.map(resolve));
    for (const need of needs) {
      const entry = dependable(need);
      const address = resolve(entry);
      if (listed.has(address)) continue;
      listed.add(address);
      dependsOn.push(entry);
    }
    node.dependsOn = dependsOn;
  }

  private projectOf(node: TerraformResource): string {
    // Shared VPC attachments name the host as hostProject; everything else as project.
    const inputs = node as { projectInput?: unknown; hostProjectInput?: unknown };
    const project = inputs.projectInput ?? inputs.hostProjectInput ?? this.props.defaultProject;
    if (typeof project !== 'string' || Token.isUnresolved(project)) {
      throw new Error(`Prerequisites: ${node.node.path} must name its project literally, so its APIs can be ordered before it`);
    }
    return project;
  }

  private api(node: TerraformResource, project: string, api: string): ProjectService {
    const service = this.props.apis.get(project)?.get(api);
    if (!service)
      throw new Error(`Prerequisites: ${node.node.path} (${node.terraformResourceType}) needs ${api} in ${project}, which this stack does not enable`);
    return service;
  }
}

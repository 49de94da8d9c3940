import { z } from 'zod';
import * as rules from '../../lib/core/rules';
import { clusterLifecycleFields, refineClusterList } from './cluster-lifecycle-schema';
import { clusterKindFields } from './cluster-kind-schema';
import { asmSchema } from './asm-schema';
import { label, ruled } from './schema-fields';

export { ASM_MODES, ASM_MODE_REQUIRED, ASM_REQUIRED, DEFAULT_ASM_OPTIONS, DEFAULT_ASMCLI_VERSION, UnquotedNumber } from './asm-schema';

/**
 * The schema of `mesh.config.yaml`. It is the single source of truth for the config's shape:
 * the app validates with it and the editor JSON Schema is generated from it. Rules on values
 * come from lib/core/rules.ts, which the constructs apply too; cross-field rules are in rules.ts here.
 */

/** Docker-based images GKE no longer runs; named so the error can say why. */
const DOCKER_IMAGE_TYPES = new Set(['COS', 'UBUNTU', 'WINDOWS_SAC', 'WINDOWS_LTSC']);

export const projectId = ruled(rules.projectId, { pattern: rules.PROJECT_ID }).describe('GCP project ID.');

function cidr(description: string, bounds: rules.PrefixBounds = {}) {
  return ruled(rules.cidr(bounds)).describe(description);
}

const region = ruled(rules.region, { pattern: rules.REGION });

const imageType = z
  .enum(rules.CONTAINERD_IMAGE_TYPES, {
    error: (issue) => {
      const value = String(issue.input);
      return DOCKER_IMAGE_TYPES.has(value.toUpperCase())
        ? `"${value}" is a Docker-based image type, which GKE removed; use COS_CONTAINERD`
        : `"${value}" is not a containerd image type; use one of ${rules.CONTAINERD_IMAGE_TYPES.join(', ')}`;
    },
  })
  .default('COS_CONTAINERD')
  .describe('Node image. Only containerd images: GKE removed the Docker-based ones. UBUNTU_CONTAINERD also needs a MESH-GKE-02 waiver in policy.waivers.');

export const nodePoolSchema = z
  .strictObject({
    name: label(40, 'Node pool name. Changing it replaces the pool: add a second pool to migrate (canary).'),
    machineType: z.string().min(1).default('e2-standard-4').describe('Compute Engine machine type.'),
    minNodes: z.int().min(0).max(1000).default(1).describe('Autoscaler minimum, per zone.'),
    maxNodes: z.int().min(1).max(1000).default(3).describe('Autoscaler maximum, per zone.'),
    imageType,
  })
  .superRefine((pool, ctx) => {
    const problem = rules.notAbove('maxNodes', pool.maxNodes)(pool.minNodes);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, path: ['minNodes'] });
  });

export const DEFAULT_NODE_POOL = { name: 'primary', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3, imageType: 'COS_CONTAINERD' } as const;

export const clusterSchema = z.strictObject({
  name: label(40, 'Cluster name: an RFC 1035 label of at most 40 characters, unique in the mesh.'),
  project: projectId.optional().describe('Service project the cluster lives in. Defaults to `project`.'),
  location: ruled(rules.location).optional().describe('A region (regional cluster) or a zone (zonal cluster). Defaults to `region`.'),
  subnetCidr: cidr('Node subnet. Planned from 10.0.0.0/14 when omitted.', { broadest: 8, narrowest: 29 }).optional(),
  podCidr: cidr('Pod secondary range. Planned from 10.64.0.0/10 when omitted.', { broadest: 8, narrowest: 24 }).optional(),
  serviceCidr: cidr('Service secondary range. Planned from 10.4.0.0/14 when omitted.', { broadest: 8, narrowest: 27 }).optional(),
  masterCidr: cidr('Control-plane range, a /28. Planned from 172.16.0.0/20 when omitted.', { exact: 28 }).optional(),
  privateEndpoint: z
    .boolean()
    .default(false)
    .describe('Give the control plane only a private endpoint. The deploying machine then needs a route into the VPC.'),
  nodePools: z
    .array(nodePoolSchema)
    .min(1)
    .default([{ ...DEFAULT_NODE_POOL }])
    .describe('Node pools (Standard clusters only). Defaults to one COS_CONTAINERD pool of e2-standard-4.'),
  ...clusterLifecycleFields,
  ...clusterKindFields,
});

export const authorizedNetworkSchema = z.strictObject({
  cidr: cidr('A range allowed to reach the control planes: /8 or narrower, so never the internet.', { broadest: 8 }),
  name: z.string().min(1).max(100).describe('Display name of the entry.'),
});

const SECRET_MANAGER_SECRET = new RegExp(`^projects/${rules.PROJECT_ID.source.slice(1, -1)}/secrets/[A-Za-z0-9_-]{1,255}(/versions/(latest|[1-9][0-9]*))?$`);

function secretManagerSecret(description: string) {
  return z
    .string()
    .regex(SECRET_MANAGER_SECRET, {
      error: (issue) => `"${String(issue.input)}" is not a Secret Manager secret (projects/PROJECT/secrets/NAME, optionally /versions/N)`,
    })
    .describe(description);
}

export const CERTIFICATE_SOURCES = ['self-signed', 'variable', 'secret-manager'] as const;

export const ingressSchema = z.strictObject({
  host: ruled(rules.gatewayHost).default('hello.mesh.example').describe('The host the ingress gateways serve, and the certificate names.'),
  internal: z.boolean().default(false).describe('Use an internal load balancer (VPC only) instead of an external one.'),
  minReplicas: z.int().min(1).max(100).default(2).describe('Gateway replicas per cluster, at least.'),
  maxReplicas: z.int().min(1).max(100).default(5).describe('Gateway replicas per cluster, at most.'),
  certificate: z
    .strictObject({
      source: z
        .enum(CERTIFICATE_SOURCES)
        .default('self-signed')
        .describe('self-signed (development only), variable (sensitive Terraform variables) or secret-manager.'),
      certificateSecret: secretManagerSecret('Secret Manager secret holding the PEM certificate chain (source: secret-manager).').optional(),
      privateKeySecret: secretManagerSecret('Secret Manager secret holding the PEM private key (source: secret-manager).').optional(),
    })
    .prefault({}),
});

export const SQL_SSL_MODES = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'] as const;

export const cloudSqlSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Create Cloud SQL for PostgreSQL on private IP, and a client that reaches it through the Auth Proxy.'),
  instanceName: label(80, 'Instance name. GCP keeps a deleted name reserved for a week.').default('mesh-postgres'),
  region: region.optional().describe('Region of the instance. Defaults to `region`.'),
  databaseVersion: z
    .enum(rules.POSTGRES_VERSIONS)
    .default(rules.DEFAULT_POSTGRES_VERSION)
    .describe('PostgreSQL major version. Changing it upgrades a running instance in place, with downtime.'),
  tier: z
    .string()
    .regex(/^db-(custom-\d+-\d+|perf-optimized-N-\d+|f1-micro|g1-small)$/, {
      error: (issue) => `"${String(issue.input)}" is not a Cloud SQL tier (db-custom-<vCPUs>-<MiB>, for example db-custom-2-7680)`,
    })
    .default('db-custom-2-7680')
    .describe('Machine tier.'),
  availability: z.enum(['ZONAL', 'REGIONAL']).default('REGIONAL').describe('REGIONAL keeps a standby in another zone.'),
  databases: z.array(label(63, 'A database to create.')).min(1).default(['app']).describe('Databases to create.'),
  namespace: label(63, 'Namespace the client runs in.').default('db-client'),
  sslMode: z
    .enum(SQL_SSL_MODES)
    .default('TRUSTED_CLIENT_CERTIFICATE_REQUIRED')
    .describe('Connections must use TLS; with client certificates (which the Auth Proxy presents) by default.'),
  privateServicesCidr: cidr('Range reserved for private services access. Planned as a /20 from 10.8.0.0/14 when omitted.', {
    broadest: 8,
    narrowest: 24,
  }).optional(),
  deletionProtection: z.boolean().default(true).describe('Protect the instance from deletion, in Terraform and in GCP.'),
  backupStartTime: ruled(rules.timeOfDay, { pattern: rules.TIME_OF_DAY }).default('03:00').describe('Daily backup start, HH:MM UTC.'),
  maintenanceWindow: z
    .strictObject({
      day: z.int().min(rules.MAINTENANCE_DAY.min).max(rules.MAINTENANCE_DAY.max).default(7).describe('1 = Monday … 7 = Sunday.'),
      hour: z.int().min(rules.MAINTENANCE_HOUR.min).max(rules.MAINTENANCE_HOUR.max).default(4).describe('Hour of day, UTC.'),
    })
    .prefault({}),
});

export const prismaCloudSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Deploy the Prisma Cloud Defender DaemonSet to every cluster.'),
  consoleAddress: ruled(rules.httpsUrl).optional().describe('The Prisma Cloud Compute console URL (Compute > Manage > System > Utilities).'),
  defenderImage: ruled((image) => rules.noConsoleToken(image) ?? rules.imageReference(image), { pattern: rules.IMAGE_REFERENCE })
    .optional()
    .describe('The Defender image, ideally mirrored into your Artifact Registry. Never the registry-auth URL with an access token.'),
  namespace: label(63, 'Namespace of the Defender.').default('twistlock'),
  collectPodLabels: z.boolean().default(true),
  monitorServiceAccounts: z.boolean().default(true),
  monitorIstio: z.boolean().default(true),
});

export const policySchema = z.strictObject({
  waivers: z
    .array(
      z.strictObject({
        rule: z.string().regex(/^MESH-[A-Z]+-\d{2}$/, { error: (issue) => `"${String(issue.input)}" is not a policy rule ID (MESH-XXX-NN)` }),
        resource: z.string().min(1).describe('Construct path the waiver covers: * matches within a segment, ** across segments.'),
        reason: z.string().trim().min(10, { error: 'must say why, in at least 10 characters' }).describe('Why the rule does not apply here.'),
      }),
    )
    .default([])
    .describe('Synth-time policy rules waived, each with a reason. Listed in the README.'),
});

export const stateSchema = z.strictObject({
  bucket: ruled(rules.gcsBucketName)
    .optional()
    .describe(
      "Cloud Storage bucket for every stack's Terraform state (gcs backend), created hardened by the `state` stack. Omitted: state stays local, beside cdktf.out.",
    ),
  prefix: ruled(rules.statePrefix)
    .optional()
    .describe('Object prefix in the bucket; each stack keeps its state under <prefix>/<stack>. Defaults to network.name.'),
  project: projectId.optional().describe('Project the bucket lives in. Defaults to `project`.'),
  location: ruled(rules.bucketLocation).optional().describe('Bucket location: a region, or a multi-region such as US. Defaults to `region`.'),
  kmsKeyName: ruled(rules.kmsKeyName)
    .optional()
    .describe("Cloud KMS key to encrypt state with (CMEK); Cloud Storage's service agent is granted the key. Defaults to Google-managed encryption."),
});

function sampleImage(what: string) {
  return ruled(rules.imageReference, { pattern: rules.IMAGE_REFERENCE }).describe(`Image of ${what}. Default: Istio's sample image by tag.`);
}

export const sampleSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Deploy the cross-cluster helloworld sample that `npm run verify` calls.'),
  namespace: label(63, 'Namespace of the sample.').default('sample'),
  images: z
    .strictObject({
      helloworldV1: sampleImage('helloworld v1').optional(),
      helloworldV2: sampleImage('helloworld v2').optional(),
      sleep: sampleImage('the sleep (curl) client').optional(),
    })
    .prefault({})
    .describe('The sample images, by tag (the defaults) or pinned by digest: registry/path@sha256:<digest>.'),
});

export const meshConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    project: projectId,
    region: region.describe('Default region of the clusters, and of the NAT for them.'),
    fleetProject: projectId
      .optional()
      .describe('Fleet host project: every cluster registers here, and the mesh ID is proj-<its number>. Defaults to `project`.'),
    network: z
      .strictObject({
        name: label(20, 'VPC name, also the prefix of subnet, router and firewall names.').default('asm-mesh'),
        hostProject: projectId
          .optional()
          .describe('Shared VPC host project: the VPC, subnets, NAT and firewall rules live there, and clusters in service projects use its subnets.'),
      })
      .prefault({}),
    clusters: z
      .array(clusterSchema)
      .min(2, { error: 'a mesh needs at least two clusters' })
      .superRefine(refineClusterList)
      .describe('The clusters of the mesh, two or more.'),
    authorizedNetworks: z.array(authorizedNetworkSchema).default([]).describe('Networks allowed to reach the control planes. 0.0.0.0/0 is refused.'),
    asm: asmSchema,
    ingress: ingressSchema.prefault({}),
    sample: sampleSchema.prefault({}),
    cloudSql: cloudSqlSchema.prefault({}),
    prismaCloud: prismaCloudSchema.prefault({}),
    policy: policySchema.prefault({}),
    state: stateSchema.prefault({}),
    deletionProtection: z.boolean().default(true).describe('Protect the clusters from `terraform destroy`.'),
    rbacSecurityGroup: ruled(rules.rbacSecurityGroup, { pattern: rules.RBAC_SECURITY_GROUP })
      .optional()
      .describe('Google Groups for RBAC on every cluster: gke-security-groups@<your domain>. Changing it updates the clusters in place.'),
  })
  .describe('mesh.config.yaml: one Anthos Service Mesh across several private GKE clusters.');

export type ParsedMeshConfig = z.output<typeof meshConfigSchema>;

import { v } from './valibot';
import * as rules from '../../lib/core/rules';
import { clusterLifecycleFields, clusterListCheck } from './cluster-lifecycle-schema';
import { clusterKindFields } from './cluster-kind-schema';
import { ASM_REQUIRED, asmSchema } from './asm-schema';
import { described, flag, label, listOf, mapping, nonEmptyText, oneOf, passes, ruled, text, wholeNumber } from './schema-fields';

export { ASM_MODES, ASM_MODE_REQUIRED, ASM_REQUIRED, DEFAULT_ASM_OPTIONS, DEFAULT_ASMCLI_VERSION, UnquotedNumber } from './asm-schema';

/**
 * The schema of `mesh.config.yaml`. It is the single source of truth for the config's shape:
 * the app validates with it and the editor JSON Schema is generated from it. Rules on values
 * come from lib/core/rules.ts, which the constructs apply too; cross-field rules are in rules.ts here.
 */

/** Docker-based images GKE no longer runs; named so the error can say why. */
const DOCKER_IMAGE_TYPES = new Set(['COS', 'UBUNTU', 'WINDOWS_SAC', 'WINDOWS_LTSC']);

export const projectId = described(ruled(rules.projectId, { pattern: rules.PROJECT_ID }), 'GCP project ID.');

function cidr(description: string, bounds: rules.PrefixBounds = {}) {
  return described(ruled(rules.cidr(bounds)), description);
}

const region = ruled(rules.region, { pattern: rules.REGION });

const imageType = described(
  v.optional(
    v.picklist(rules.CONTAINERD_IMAGE_TYPES, (issue) => {
      const value = String(issue.input);
      return DOCKER_IMAGE_TYPES.has(value.toUpperCase())
        ? `"${value}" is a Docker-based image type, which GKE removed; use COS_CONTAINERD`
        : `"${value}" is not a containerd image type; use one of ${rules.CONTAINERD_IMAGE_TYPES.join(', ')}`;
    }),
    'COS_CONTAINERD',
  ),
  'Node image. Only containerd images: GKE removed the Docker-based ones. UBUNTU_CONTAINERD also needs a MESH-GKE-02 waiver in policy.waivers.',
);

const nodePoolFields = mapping({
  name: label(40, 'Node pool name. Changing it replaces the pool: add a second pool to migrate (canary).'),
  machineType: described(v.optional(nonEmptyText(), 'e2-standard-4'), 'Compute Engine machine type.'),
  minNodes: described(v.optional(wholeNumber({ min: 0, max: 1000 }), 1), 'Autoscaler minimum, per zone.'),
  maxNodes: described(v.optional(wholeNumber({ min: 1, max: 1000 }), 3), 'Autoscaler maximum, per zone.'),
  imageType,
});

export const nodePoolSchema = v.pipe(
  nodePoolFields,
  v.forward(
    passes<v.InferOutput<typeof nodePoolFields>>((pool) => rules.notAbove('maxNodes', pool.maxNodes)(pool.minNodes)),
    ['minNodes'],
  ),
);

export const DEFAULT_NODE_POOL = { name: 'primary', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3, imageType: 'COS_CONTAINERD' } as const;

export const clusterSchema = mapping({
  name: label(40, 'Cluster name: an RFC 1035 label of at most 40 characters, unique in the mesh.'),
  project: described(v.optional(projectId), 'Service project the cluster lives in. Defaults to `project`.'),
  location: described(v.optional(ruled(rules.location)), 'A region (regional cluster) or a zone (zonal cluster). Defaults to `region`.'),
  subnetCidr: v.optional(cidr('Node subnet. Planned from 10.0.0.0/14 when omitted.', { broadest: 8, narrowest: 29 })),
  podCidr: v.optional(cidr('Pod secondary range. Planned from 10.64.0.0/10 when omitted.', { broadest: 8, narrowest: 24 })),
  serviceCidr: v.optional(cidr('Service secondary range. Planned from 10.4.0.0/14 when omitted.', { broadest: 8, narrowest: 27 })),
  masterCidr: v.optional(cidr('Control-plane range, a /28. Planned from 172.16.0.0/20 when omitted.', { exact: 28 })),
  privateEndpoint: described(
    v.optional(flag(), false),
    'Give the control plane only a private endpoint. The deploying machine then needs a route into the VPC.',
  ),
  nodePools: described(
    v.optional(v.pipe(listOf(nodePoolSchema), v.minLength(1, 'must list at least one node pool')), [{ ...DEFAULT_NODE_POOL }]),
    'Node pools (Standard clusters only). Defaults to one COS_CONTAINERD pool of e2-standard-4.',
  ),
  ...clusterLifecycleFields,
  ...clusterKindFields,
});

export const authorizedNetworkSchema = mapping({
  cidr: cidr('A range allowed to reach the control planes: /8 or narrower, so never the internet.', { broadest: 8 }),
  name: described(
    v.pipe(
      nonEmptyText(),
      v.maxLength(100, (issue) => `must be at most 100 characters, got ${issue.received} characters`),
    ),
    'Display name of the entry.',
  ),
});

const SECRET_MANAGER_SECRET = new RegExp(`^projects/${rules.PROJECT_ID.source.slice(1, -1)}/secrets/[A-Za-z0-9_-]{1,255}(/versions/(latest|[1-9][0-9]*))?$`);

function secretManagerSecret(description: string) {
  return described(
    v.pipe(
      text(),
      v.regex(
        SECRET_MANAGER_SECRET,
        (issue) => `"${String(issue.input)}" is not a Secret Manager secret (projects/PROJECT/secrets/NAME, optionally /versions/N)`,
      ),
    ),
    description,
  );
}

export const CERTIFICATE_SOURCES = ['self-signed', 'variable', 'secret-manager'] as const;

export const ingressSchema = mapping({
  host: described(v.optional(ruled(rules.gatewayHost), 'hello.mesh.example'), 'The host the ingress gateways serve, and the certificate names.'),
  internal: described(v.optional(flag(), false), 'Use an internal load balancer (VPC only) instead of an external one.'),
  minReplicas: described(v.optional(wholeNumber({ min: 1, max: 100 }), 2), 'Gateway replicas per cluster, at least.'),
  maxReplicas: described(v.optional(wholeNumber({ min: 1, max: 100 }), 5), 'Gateway replicas per cluster, at most.'),
  certificate: v.optional(
    mapping({
      source: described(
        v.optional(oneOf(CERTIFICATE_SOURCES), 'self-signed'),
        'self-signed (development only), variable (sensitive Terraform variables) or secret-manager.',
      ),
      certificateSecret: v.optional(secretManagerSecret('Secret Manager secret holding the PEM certificate chain (source: secret-manager).')),
      privateKeySecret: v.optional(secretManagerSecret('Secret Manager secret holding the PEM private key (source: secret-manager).')),
    }),
    {},
  ),
});

export const SQL_SSL_MODES = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'] as const;

export const cloudSqlSchema = mapping({
  enabled: described(v.optional(flag(), false), 'Create Cloud SQL for PostgreSQL on private IP, and a client that reaches it through the Auth Proxy.'),
  instanceName: v.optional(label(80, 'Instance name. GCP keeps a deleted name reserved for a week.'), 'mesh-postgres'),
  region: described(v.optional(region), 'Region of the instance. Defaults to `region`.'),
  databaseVersion: described(
    v.optional(oneOf(rules.POSTGRES_VERSIONS), rules.DEFAULT_POSTGRES_VERSION),
    'PostgreSQL major version. Changing it upgrades a running instance in place, with downtime.',
  ),
  tier: described(
    v.optional(
      v.pipe(
        text(),
        v.regex(
          /^db-(custom-\d+-\d+|perf-optimized-N-\d+|f1-micro|g1-small)$/,
          (issue) => `"${String(issue.input)}" is not a Cloud SQL tier (db-custom-<vCPUs>-<MiB>, for example db-custom-2-7680)`,
        ),
      ),
      'db-custom-2-7680',
    ),
    'Machine tier.',
  ),
  availability: described(v.optional(oneOf(['ZONAL', 'REGIONAL']), 'REGIONAL'), 'REGIONAL keeps a standby in another zone.'),
  databases: described(
    v.optional(v.pipe(listOf(label(63, 'A database to create.')), v.minLength(1, 'must list at least one database')), ['app']),
    'Databases to create.',
  ),
  namespace: v.optional(label(63, 'Namespace the client runs in.'), 'db-client'),
  sslMode: described(
    v.optional(oneOf(SQL_SSL_MODES), 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'),
    'Connections must use TLS; with client certificates (which the Auth Proxy presents) by default.',
  ),
  privateServicesCidr: v.optional(
    cidr('Range reserved for private services access. Planned as a /20 from 10.8.0.0/14 when omitted.', {
      broadest: 8,
      narrowest: 24,
    }),
  ),
  deletionProtection: described(v.optional(flag(), true), 'Protect the instance from deletion, in Terraform and in GCP.'),
  backupStartTime: described(v.optional(ruled(rules.timeOfDay, { pattern: rules.TIME_OF_DAY }), '03:00'), 'Daily backup start, HH:MM UTC.'),
  maintenanceWindow: v.optional(
    mapping({
      day: described(v.optional(wholeNumber(rules.MAINTENANCE_DAY), 7), '1 = Monday … 7 = Sunday.'),
      hour: described(v.optional(wholeNumber(rules.MAINTENANCE_HOUR), 4), 'Hour of day, UTC.'),
    }),
    {},
  ),
});

export const prismaCloudSchema = mapping({
  enabled: described(v.optional(flag(), false), 'Deploy the Prisma Cloud Defender DaemonSet to every cluster.'),
  consoleAddress: described(v.optional(ruled(rules.httpsUrl)), 'The Prisma Cloud Compute console URL (Compute > Manage > System > Utilities).'),
  defenderImage: described(
    v.optional(ruled((image) => rules.noConsoleToken(image) ?? rules.imageReference(image), { pattern: rules.IMAGE_REFERENCE })),
    'The Defender image, ideally mirrored into your Artifact Registry. Never the registry-auth URL with an access token.',
  ),
  namespace: v.optional(label(63, 'Namespace of the Defender.'), 'twistlock'),
  collectPodLabels: v.optional(flag(), true),
  monitorServiceAccounts: v.optional(flag(), true),
  monitorIstio: v.optional(flag(), true),
});

export const policySchema = mapping({
  waivers: described(
    v.optional(
      listOf(
        mapping({
          rule: v.pipe(
            text(),
            v.regex(/^MESH-[A-Z]+-\d{2}$/, (issue) => `"${String(issue.input)}" is not a policy rule ID (MESH-XXX-NN)`),
          ),
          resource: described(nonEmptyText(), 'Construct path the waiver covers: * matches within a segment, ** across segments.'),
          reason: described(v.pipe(text(), v.trim(), v.minLength(10, 'must say why, in at least 10 characters')), 'Why the rule does not apply here.'),
        }),
      ),
      [],
    ),
    'Synth-time policy rules waived, each with a reason. Listed in the README.',
  ),
});

export const stateSchema = mapping({
  bucket: described(
    v.optional(ruled(rules.gcsBucketName)),
    "Cloud Storage bucket for every stack's Terraform state (gcs backend), created hardened by the `state` stack. Omitted: state stays local, beside cdktf.out.",
  ),
  prefix: described(
    v.optional(ruled(rules.statePrefix)),
    'Object prefix in the bucket; each stack keeps its state under <prefix>/<stack>. Defaults to network.name.',
  ),
  project: described(v.optional(projectId), 'Project the bucket lives in. Defaults to `project`.'),
  location: described(v.optional(ruled(rules.bucketLocation)), 'Bucket location: a region, or a multi-region such as US. Defaults to `region`.'),
  kmsKeyName: described(
    v.optional(ruled(rules.kmsKeyName)),
    "Cloud KMS key to encrypt state with (CMEK); Cloud Storage's service agent is granted the key. Defaults to Google-managed encryption.",
  ),
});

function sampleImage(what: string) {
  return described(ruled(rules.imageReference, { pattern: rules.IMAGE_REFERENCE }), `Image of ${what}. Default: Istio's sample image by tag.`);
}

export const sampleSchema = mapping({
  enabled: described(v.optional(flag(), true), 'Deploy the cross-cluster helloworld sample that `npm run verify` calls.'),
  namespace: v.optional(label(63, 'Namespace of the sample.'), 'sample'),
  images: described(
    v.optional(
      mapping({
        helloworldV1: v.optional(sampleImage('helloworld v1')),
        helloworldV2: v.optional(sampleImage('helloworld v2')),
        sleep: v.optional(sampleImage('the sleep (curl) client')),
      }),
      {},
    ),
    'The sample images, by tag (the defaults) or pinned by digest: registry/path@sha256:<digest>.',
  ),
});

export const meshConfigSchema = described(
  mapping(
    {
      $schema: described(v.optional(text()), 'Path of the JSON Schema, for editors.'),
      project: projectId,
      region: described(region, 'Default region of the clusters, and of the NAT for them.'),
      fleetProject: described(
        v.optional(projectId),
        'Fleet host project: every cluster registers here, and the mesh ID is proj-<its number>. Defaults to `project`.',
      ),
      network: v.optional(
        mapping({
          name: v.optional(label(20, 'VPC name, also the prefix of subnet, router and firewall names.'), 'asm-mesh'),
          hostProject: described(
            v.optional(projectId),
            'Shared VPC host project: the VPC, subnets, NAT and firewall rules live there, and clusters in service projects use its subnets.',
          ),
        }),
        {},
      ),
      clusters: described(
        v.pipe(listOf(clusterSchema), v.minLength(2, 'a mesh needs at least two clusters'), clusterListCheck<v.InferOutput<typeof clusterSchema>>()),
        'The clusters of the mesh, two or more.',
      ),
      authorizedNetworks: described(v.optional(listOf(authorizedNetworkSchema), []), 'Networks allowed to reach the control planes. 0.0.0.0/0 is refused.'),
      asm: asmSchema,
      ingress: v.optional(ingressSchema, {}),
      sample: v.optional(sampleSchema, {}),
      cloudSql: v.optional(cloudSqlSchema, {}),
      prismaCloud: v.optional(prismaCloudSchema, {}),
      policy: v.optional(policySchema, {}),
      state: v.optional(stateSchema, {}),
      deletionProtection: described(v.optional(flag(), true), 'Protect the clusters from `terraform destroy`.'),
      rbacSecurityGroup: described(
        v.optional(ruled(rules.rbacSecurityGroup, { pattern: rules.RBAC_SECURITY_GROUP })),
        'Google Groups for RBAC on every cluster: gke-security-groups@<your domain>. Changing it updates the clusters in place.',
      ),
    },
    { asm: ASM_REQUIRED },
  ),
  'mesh.config.yaml: one Anthos Service Mesh across several private GKE clusters.',
);

export type ParsedMeshConfig = v.InferOutput<typeof meshConfigSchema>;

import { parseCidr } from './cidr';

/**
 * Every rule on a value that both the config schema and the constructs apply, defined once.
 * A rule returns why a value breaks it, or undefined. The wording follows the field's name:
 * the config prints `clusters[0].name: <problem>`, a construct `PrivateCluster: props.name <problem>`.
 * This module loads nothing else, so the config check stays cheap for tools such as verify.
 */
export type Rule<T> = (value: T) => string | undefined;

export const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** An RFC 1035 label of at most `maxLength` characters: most GCP and Kubernetes names. */
export function label(maxLength: number): Rule<string> {
  return (value) =>
    value.length <= maxLength && RFC1035_LABEL.test(value) ? undefined : `must be an RFC 1035 label of at most ${maxLength} characters, got "${value}"`;
}

/** A GCP project ID: 6-30 lowercase letters, digits and hyphens, starting with a letter. */
export const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

export const projectId: Rule<string> = (value) =>
  PROJECT_ID.test(value)
    ? undefined
    : `must be a GCP project ID (6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen), got "${value}"`;

/** A service account ID (the part before @) follows the same 6-30 character rule. */
export const serviceAccountId: Rule<string> = (value) =>
  PROJECT_ID.test(value) ? undefined : `must be 6-30 lowercase letters, digits or hyphens, got "${value}"`;

export const REGION = /^[a-z]+(-[a-z]+)+[0-9]+$/;
const ZONE = /^[a-z]+(-[a-z]+)+[0-9]+-[a-z]$/;

export const region: Rule<string> = (value) => (REGION.test(value) ? undefined : `must be a region such as us-central1, got "${value}"`);

/** Where a cluster runs: a region (regional cluster) or a zone (zonal cluster). */
export const location: Rule<string> = (value) =>
  REGION.test(value) || ZONE.test(value) ? undefined : `must be a region (us-central1) or a zone (us-central1-a), got "${value}"`;

export interface PrefixBounds {
  /** The only prefix length allowed. */
  readonly exact?: number;
  /** The broadest range allowed: /8 keeps a rule from opening most of the internet. */
  readonly broadest?: number;
  /** The narrowest range allowed. */
  readonly narrowest?: number;
}

/** An IPv4 CIDR without host bits, within prefix bounds. */
export function cidr(bounds: PrefixBounds = {}): Rule<string> {
  return (value) => {
    const range = parseCidr(value);
    if (typeof range === 'string') return range;
    if (bounds.exact !== undefined && range.prefix !== bounds.exact) return `must be a /${bounds.exact}, got "${value}"`;
    if (bounds.broadest !== undefined && range.prefix < bounds.broadest) return `must not be broader than /${bounds.broadest}, got "${value}"`;
    if (bounds.narrowest !== undefined && range.prefix > bounds.narrowest) return `must not be narrower than /${bounds.narrowest}, got "${value}"`;
    return undefined;
  };
}

/**
 * A DNS name: labels of 1-63 letters, digits and hyphens, at most 253 characters in all, an
 * alphabetic or punycode (`xn--`) top-level label, and optionally a leading `*.` wildcard.
 */
export function isDnsName(name: string, options: { allowWildcard?: boolean } = {}): boolean {
  const host = options.allowWildcard && name.startsWith('*.') ? name.slice(2) : name;
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  const part = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
  const topLevel = labels[labels.length - 1];
  return labels.every((each) => part.test(each)) && (/^[a-z]{2,63}$/.test(topLevel) || /^xn--[a-z0-9-]{1,59}$/.test(topLevel));
}

/** The host a gateway serves and its certificate names; a leading `*.` is allowed. */
export const gatewayHost: Rule<string> = (value) => (isDnsName(value, { allowWildcard: true }) ? undefined : `must be a DNS name, got "${value}"`);

/** An asmcli release line (1.28) or a full release (1.28.5-asm.12+config1). */
export const ASMCLI_VERSION_PATTERN = /^\d+\.\d+(\.\d+-asm\.\d+\+config\d+)?$/;

export const asmcliVersion: Rule<string> = (value) =>
  ASMCLI_VERSION_PATTERN.test(value)
    ? undefined
    : `must be an asmcli release line such as 1.28, or a full version such as 1.28.5-asm.12+config1, got "${value}"`;

export const SHA256_DIGEST = /^[0-9a-f]{64}$/;

export const sha256Digest: Rule<string> = (value) =>
  SHA256_DIGEST.test(value) ? undefined : `must be 64 lowercase hex digits (a SHA-256 digest), got "${value}"`;

export const httpsUrl: Rule<string> = (value) => {
  try {
    if (new URL(value).protocol === 'https:') return undefined;
  } catch {
    // Not a URL at all: the same answer.
  }
  return `must be an https:// URL, got "${value}"`;
};

/** A registry image with a tag, a digest or both (`name:tag@sha256:…`), never a bare name that floats to latest. */
export const IMAGE_REFERENCE = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]+(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})$/;

export const imageReference: Rule<string> = (value) =>
  IMAGE_REFERENCE.test(value) ? undefined : `must be an image reference with a tag or digest (registry/path:tag), got "${value}"`;

/** An image pinned by digest: what runs can never change under the same reference. */
export const IMAGE_DIGEST_SUFFIX = /@sha256:[0-9a-f]{64}$/;

export function isPinnedByDigest(image: string): boolean {
  return IMAGE_DIGEST_SUFFIX.test(image);
}

/**
 * Google Groups for RBAC: GKE reads group memberships only below a group named exactly
 * gke-security-groups in the organisation's domain (GKE docs, "Google Groups for RBAC").
 */
export const RBAC_SECURITY_GROUP = /^gke-security-groups@([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/;

export const rbacSecurityGroup: Rule<string> = (value) =>
  RBAC_SECURITY_GROUP.test(value) ? undefined : `must be gke-security-groups@<your domain>, got "${value}"`;

/** Prisma Cloud's registry-auth path carries a console access token (`tw_…`): a secret. */
export const noConsoleToken: Rule<string> = (value) =>
  /(^|\/)tw_[a-z0-9]+([/:@]|$)/i.test(value)
    ? 'must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only'
    : undefined;

/** Node images GKE runs: containerd only, since GKE removed the Docker-based ones. */
export const CONTAINERD_IMAGE_TYPES = ['COS_CONTAINERD', 'UBUNTU_CONTAINERD'] as const;

/**
 * The PostgreSQL major versions Cloud SQL offers that this app deploys. POSTGRES_18 is in the
 * Cloud SQL Admin API's SqlDatabaseVersion enum; google provider 6.50's docs list versions up to
 * POSTGRES_17 and defer to Cloud SQL's "Database version policies" for the current list.
 */
export const POSTGRES_VERSIONS = ['POSTGRES_14', 'POSTGRES_15', 'POSTGRES_16', 'POSTGRES_17', 'POSTGRES_18'] as const;

/** The newest of them, which checkov CKV_GCP_79 asks for. */
export const NEWEST_POSTGRES_VERSION = 'POSTGRES_18';

/**
 * The default stays the one earlier releases deployed: changing database_version upgrades a
 * running instance in place, with downtime, and an app upgrade must not do that unasked.
 * New instances should set the newest (examples/all-features.yaml does).
 */
export const DEFAULT_POSTGRES_VERSION = 'POSTGRES_16';

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export const timeOfDay: Rule<string> = (value) => (TIME_OF_DAY.test(value) ? undefined : `must be a time of day, HH:MM (UTC), got "${value}"`);

/** Cloud SQL's maintenance window: a weekday (1 = Monday … 7 = Sunday) and an hour, UTC. */
export const MAINTENANCE_DAY = { min: 1, max: 7 } as const;
export const MAINTENANCE_HOUR = { min: 0, max: 23 } as const;

export function wholeNumber(bounds: { readonly min: number; readonly max?: number }): Rule<number> {
  return (value) =>
    Number.isInteger(value) && value >= bounds.min && (bounds.max === undefined || value <= bounds.max)
      ? undefined
      : `must be a whole number ${bounds.max === undefined ? `>= ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`}, got ${value}`;
}

/** A lower bound of a pair (replicas, nodes) must not pass its upper bound. */
export function notAbove(upperName: string, upper: number): Rule<number> {
  return (value) => (value > upper ? `must not be greater than ${upperName} (${upper}), got ${value}` : undefined);
}

/**
 * A Cloud Storage bucket name, by GCS's naming rules: 3-63 characters (222 with dots, 63 per
 * dot-separated part) of lowercase letters, digits, `-`, `_` and `.`, starting and ending with a
 * letter or digit, not an IP address, not starting with "goog", not containing "google" (or
 * "g00gle"). Source: cloud.google.com/storage/docs/buckets#naming.
 */
export const gcsBucketName: Rule<string> = (value) => {
  const problem = (why: string) => `must be a Cloud Storage bucket name (${why}), got "${value}"`;
  const parts = value.split('.');
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(value)) return problem('lowercase letters, digits, -, _ and ., starting and ending with a letter or digit');
  if (value.length < 3 || value.length > (parts.length > 1 ? 222 : 63)) return problem('3-63 characters, or up to 222 with dots');
  if (parts.some((part) => part.length === 0 || part.length > 63)) return problem('each dot-separated part 1-63 characters');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return problem('not an IP address');
  if (value.startsWith('goog') || /g[o0]{2}gle/.test(value)) return problem('not starting with "goog" or containing "google"');
  return undefined;
};

/** An object prefix for Terraform's gcs backend: path segments without leading or trailing `/`. */
export const statePrefix: Rule<string> = (value) =>
  /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(value) && value.length <= 200
    ? undefined
    : `must be a path such as mesh/prod (letters, digits, ., _ and -, segments joined by /, at most 200 characters), got "${value}"`;

/** A bucket location: a region (us-central1) or a multi- or dual-region code (US, EU, NAM4). */
export const bucketLocation: Rule<string> = (value) =>
  REGION.test(value) || /^[A-Z]{2,4}\d?$/.test(value) ? undefined : `must be a region such as us-central1 or a multi-region such as US or EU, got "${value}"`;

/** A Cloud KMS key: `projects/P/locations/L/keyRings/R/cryptoKeys/K`. */
export const kmsKeyName: Rule<string> = (value) =>
  new RegExp(`^projects/${PROJECT_ID.source.slice(1, -1)}/locations/[a-z0-9-]+/keyRings/[\\w-]{1,63}/cryptoKeys/[\\w-]{1,63}$`).test(value)
    ? undefined
    : `must be a Cloud KMS key (projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY), got "${value}"`;

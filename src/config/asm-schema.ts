import { v } from './valibot';
import * as rules from '../../lib/core/rules';
import { described, flag, label, listOf, mapping, nonEmptyText, oneOf, passes, ruled, wanted } from './schema-fields';

// The `asm` section of the config: which control plane, and how asmcli installs it in-cluster.

export const ASM_MODES = ['in-cluster', 'managed'] as const;

/** Why asm.mode has no default, and what each choice means. */
export const ASM_MODE_REQUIRED =
  'is required: write "managed" for a new mesh (Google runs the control plane), or "in-cluster" for a mesh asmcli installed (deprecated on GKE by Google); changing it on a running mesh is refused, see README "From in-cluster to managed"';

/** The same, when the whole asm section is missing. */
export const ASM_REQUIRED = ASM_MODE_REQUIRED.replace('is required:', 'is required, with its mode:');

/** Istio CNI sets up traffic capture, so meshed pods need no privileged init container. */
export const DEFAULT_ASM_OPTIONS = ['cni-gcp'] as const;

/** The asmcli release line installed by default. Pin it; bump it for a canary upgrade. */
export const DEFAULT_ASMCLI_VERSION = '1.28';

/**
 * A plain YAML scalar that YAML read as a number, with the text as written, so the hint can quote
 * the version the user meant (`1.30`, which YAML reads as 1.3). Set by parseConfig.
 */
export class UnquotedNumber {
  constructor(
    readonly written: string,
    readonly value: number,
  ) {}
}

/** Why asmcliVersion must be quoted, when YAML read it as a number. */
function asmcliVersionTypeMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.input instanceof UnquotedNumber) {
    const { written, value } = issue.input;
    return `write the version in quotes (asmcliVersion: "${written}"): YAML reads an unquoted ${written} as the number ${value}`;
  }
  // Data without its YAML source: what was written is unknown (1.3 may have been 1.30).
  return typeof issue.input === 'number'
    ? `write the version in quotes, as you mean it (for example asmcliVersion: "1.30"): got the number ${issue.input}`
    : wanted('a string')(issue);
}

export const asmSchema = mapping(
  {
    // No default: an app upgrade must never move a running mesh to another control plane.
    mode: described(
      oneOf(ASM_MODES),
      'Required. managed: Google runs the control plane (Cloud Service Mesh, fleet feature); the choice for a new mesh. in-cluster: asmcli installs istiod in every cluster; deprecated on GKE by Google, for meshes that already run it.',
    ),
    overlays: described(
      v.optional(listOf(nonEmptyText())),
      'IstioOperator overlay files, relative to this config file, applied after the default overlays (see defaultOverlays).',
    ),
    defaultOverlays: described(
      v.optional(flag(), true),
      'Apply the egress (REGISTRY_ONLY), multicluster-identity and access-logging overlays before asm.overlays. false applies asm.overlays alone: the mesh then has none of those unless the listed files provide them.',
    ),
    asmcliVersion: described(
      v.optional(
        v.pipe(v.string(asmcliVersionTypeMessage), passes(rules.asmcliVersion), v.metadata({ pattern: rules.ASMCLI_VERSION_PATTERN.source })),
        DEFAULT_ASMCLI_VERSION,
      ),
      'asmcli release to download (in-cluster mode). Changing it re-runs the install.',
    ),
    asmcliSha256: described(
      v.optional(ruled(rules.sha256Digest, { pattern: rules.SHA256_DIGEST })),
      'Expected SHA-256 of the asmcli download. When omitted, the digest Google publishes beside it is checked.',
    ),
    revision: v.optional(label(63, 'The istio.io/rev revision the install creates (in-cluster). Defaults to asm-<version digits>, for example asm-123.')),
    retiredRevisions: described(
      v.optional(listOf(label(63, 'An earlier revision to remove, once no namespace or pod uses it.')), []),
      'Earlier in-cluster revisions to remove (the second step of an upgrade, see README: Upgrading the mesh). The removal refuses while any namespace or pod still uses the revision.',
    ),
    options: described(
      v.optional(listOf(label(63, 'A packaged asmcli option, passed as --option.')), [...DEFAULT_ASM_OPTIONS]),
      'Packaged asmcli options (in-cluster). Keep cni-gcp: restricted Pod Security forbids the NET_ADMIN istio-init container.',
    ),
  },
  { mode: ASM_MODE_REQUIRED },
);

#!/usr/bin/env bash
# Waits until Google has provisioned the managed control plane of one cluster, so that the next
# stack can plan Istio resources against it. Terraform runs it from lib/mesh/managed-control-plane-ready.ts.
# Inputs (environment): MCP_FLEET_PROJECT, MCP_MEMBERSHIP (the fleet membership ID),
# MCP_MEMBERSHIP_LOCATION, MCP_PROJECT, MCP_CLUSTER, MCP_LOCATION, MCP_PRIVATE_ENDPOINT,
# MCP_CRDS (space-separated), MCP_CONFIG_MAPS (space-separated, in istio-system), MCP_TIMEOUT_SECONDS.
set -euo pipefail

die() { echo "managed-mesh-ready: $*" >&2; exit 1; }
for var in MCP_FLEET_PROJECT MCP_MEMBERSHIP MCP_MEMBERSHIP_LOCATION MCP_PROJECT MCP_CLUSTER MCP_LOCATION MCP_TIMEOUT_SECONDS; do
  [[ -n "${!var:-}" ]] || die "$var is not set"
done
missing=()
for tool in gcloud kubectl gke-gcloud-auth-plugin jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
(( ${#missing[@]} == 0 )) || die "missing on the deploying machine: ${missing[*]} (see README: Prerequisites)"

deadline=$(( SECONDS + MCP_TIMEOUT_SECONDS ))
membership="/locations/${MCP_MEMBERSHIP_LOCATION}/memberships/${MCP_MEMBERSHIP}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fleet_hint="See: gcloud container fleet mesh describe --project ${MCP_FLEET_PROJECT}"

# The fleet feature reports each membership under projects/<number>/locations/<l>/memberships/<id>,
# as servicemesh.{controlPlaneManagement.{state, implementation, details[{code, details}]},
# conditions[{code, details, documentationLink, severity}]} (gkehub v1 ServiceMeshMembershipState;
# Cloud Service Mesh docs: check-control-plane-implementation, troubleshoot-with-feature-state-condition).
# gcloud's errors are kept, not discarded: the last one is printed when the wait stops.
last_error=""
describe_mesh() {
  if ! gcloud container fleet mesh describe --project "$MCP_FLEET_PROJECT" --format=json >"$work/feature.json" 2>"$work/gcloud.err"; then
    last_error="$(tr '\n' ' ' <"$work/gcloud.err" | sed 's/  */ /g; s/ $//')"
    return 1
  fi
  mesh="$(jq -c --arg suffix "$membership" '[(.membershipStates // {}) | to_entries[] | select(.key | endswith($suffix)) | .value.servicemesh // {}][0] // {}' "$work/feature.json")"
}
# A gcloud failure that waiting cannot fix stops the wait at once (calliope prints the API's status,
# such as PERMISSION_DENIED; the fleet feature commands say "Not authorized to access" for a 401 and
# "... Feature for project [p] is not enabled" for a 404, which here means the wrong fleet project:
# Terraform created the feature before this wait). Anything else (UNAVAILABLE, RESOURCE_EXHAUSTED,
# a dropped connection) may pass: the wait goes on and shows the error.
permanent_gcloud_error() {
  grep -qE 'PERMISSION_DENIED|Not authorized to access|does not have permission|UNAUTHENTICATED|do not currently have an active account|Reauthentication|Feature for project \[[^]]*\] is not enabled' <<<"$last_error"
}
field() { jq -r --arg name "$1" '.[$name] // ""' <<<"$state"; }
details() { jq -r '[.details[]? | "\(.code // "?"): \(.details // "")"] | join("; ") | if . == "" then "none" else . end' <<<"$state"; }
conditions() { jq -r '[.conditions[]? | "\(.code // "?") (\(.severity // "?")): \(.details // "") [\(.documentationLink // "no link")]"] | join("; ")' <<<"$mesh"; }
error_conditions() { jq -r '[.conditions[]? | select(.severity == "ERROR") | "\(.code // "?"): \(.details // ""); see \(.documentationLink // "no documentation link")"] | join("; ")' <<<"$mesh"; }
gcloud_said() { [[ -z "$last_error" ]] || echo " Last gcloud error: ${last_error}"; }

# ACTIVE serves. NEEDS_ATTENTION and DEGRADED serve too: the apply goes on (the workloads need the
# mesh that is there) and prints Google's details, which say what to fix. FAILED_PRECONDITION and
# STALLED will not resolve by waiting, nor will DEPROVISIONING (Google is removing the control
# plane because the membership's mesh management was turned off), nor a condition of severity
# ERROR: fail at once. Anything else (PROVISIONING, DISABLED, not reported yet) is waited for
# until the timeout.
mesh="{}"
state="{}"
while :; do
  # Poll first: every verdict, the give-up included, rests on at least one answer.
  if describe_mesh; then
    state="$(jq -c '.controlPlaneManagement // {}' <<<"$mesh")"
    echo "managed-mesh-ready: ${MCP_CLUSTER}: control plane $(jq -r '.state // "not reported yet"' <<<"$state"), implementation $(jq -r '.implementation // "not reported yet"' <<<"$state")$(c="$(conditions)"; [[ -z "$c" ]] || echo "; conditions: $c")" >&2
  else
    mesh="{}"
    permanent_gcloud_error && die "gcloud cannot read the fleet's mesh state, and waiting will not change that: ${last_error} (README: Prerequisites, managed mode)"
    echo "managed-mesh-ready: ${MCP_CLUSTER}: gcloud failed, will retry: ${last_error}" >&2
  fi
  errors="$(error_conditions)"
  [[ -z "$errors" ]] || die "the mesh of ${MCP_CLUSTER} reports an ERROR condition: ${errors}. Fix what it names, then run the deploy again; waiting will not help. ${fleet_hint}"
  case "$(field state)" in
    ACTIVE) break ;;
    NEEDS_ATTENTION | DEGRADED)
      echo "managed-mesh-ready: WARNING: ${MCP_CLUSTER}: control plane $(field state) (serving); Google says: $(details). ${fleet_hint}" >&2
      break
      ;;
    FAILED_PRECONDITION | STALLED)
      die "the managed control plane of ${MCP_CLUSTER} is $(field state) (implementation: $(field implementation)); Google says: $(details). Fix what it names (README: Prerequisites, managed mode), then run the deploy again; waiting will not help. ${fleet_hint}"
      ;;
    DEPROVISIONING)
      die "the managed control plane of ${MCP_CLUSTER} is DEPROVISIONING: Google is removing it, because the membership's mesh management was turned off (the feature or its membership spec was deleted). Waiting would only end in DISABLED: let the removal finish, then run the deploy again. Google says: $(details). ${fleet_hint}"
      ;;
  esac
  (( SECONDS < deadline )) || die "the managed control plane of ${MCP_CLUSTER} is not ACTIVE after ${MCP_TIMEOUT_SECONDS}s; last state: ${state}.$(gcloud_said) ${fleet_hint}"
  sleep "${MCP_POLL_SECONDS:-15}"
done
implementation="$(field implementation)"
serving="$(field state)"

export KUBECONFIG="$work/kubeconfig"
internal=()
[[ "${MCP_PRIVATE_ENDPOINT:-false}" == "true" ]] && internal=(--internal-ip)
gcloud container clusters get-credentials "$MCP_CLUSTER" --location "$MCP_LOCATION" --project "$MCP_PROJECT" "${internal[@]}"

# The workloads stack's kubernetes_manifest resources need these CRDs at plan time.
for crd in ${MCP_CRDS:-}; do
  until kubectl get crd "$crd" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "CRD ${crd} is not installed in ${MCP_CLUSTER} after ${MCP_TIMEOUT_SECONDS}s"
    sleep "${MCP_POLL_SECONDS:-15}"
  done
  kubectl wait --for=condition=Established "crd/${crd}" --timeout="$(( deadline > SECONDS ? deadline - SECONDS : 1 ))s"
done

# Provisioning may create asm-options itself (Google's docs patch it); Terraform then owns only
# its keys, so create whichever is still missing, and never replace one that exists.
for name in ${MCP_CONFIG_MAPS:-}; do
  kubectl -n istio-system get configmap "$name" >/dev/null 2>&1 || kubectl -n istio-system create configmap "$name" || kubectl -n istio-system get configmap "$name" >/dev/null
done
echo "managed-mesh-ready: ${MCP_CLUSTER}: control plane ${serving}, implementation ${implementation:-not reported}, CRDs established" >&2

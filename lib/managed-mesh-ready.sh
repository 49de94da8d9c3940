#!/usr/bin/env bash
# Waits until Google has provisioned the managed control plane of one cluster, so that the next
# stack can plan Istio resources against it. Terraform runs it from lib/managed-control-plane-ready.ts.
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

# The fleet feature reports each membership under projects/<number>/locations/<l>/memberships/<id>,
# as servicemesh.controlPlaneManagement.{state, implementation, details[{code, details}]}
# (Cloud Service Mesh docs: check-control-plane-implementation).
control_plane_state() {
  gcloud container fleet mesh describe --project "$MCP_FLEET_PROJECT" --format=json 2>/dev/null |
    jq -c --arg suffix "$membership" '[(.membershipStates // {}) | to_entries[] | select(.key | endswith($suffix)) | .value.servicemesh.controlPlaneManagement // {}][0] // {}'
}
field() { jq -r --arg name "$1" '.[$name] // ""' <<<"$state"; }
details() { jq -r '[.details[]? | "\(.code // "?"): \(.details // "")"] | join("; ") | if . == "" then "none" else . end' <<<"$state"; }

# ACTIVE serves. NEEDS_ATTENTION and DEGRADED serve too: the apply goes on (the workloads need the
# mesh that is there) and prints Google's details, which say what to fix. FAILED_PRECONDITION and
# STALLED will not resolve by waiting: fail at once. Anything else (PROVISIONING, DISABLED, not
# reported yet) is waited for until the timeout.
state="{}"
while :; do
  case "$(field state)" in
    ACTIVE) break ;;
    NEEDS_ATTENTION | DEGRADED)
      echo "managed-mesh-ready: WARNING: ${MCP_CLUSTER}: control plane $(field state) (serving); Google says: $(details). See: gcloud container fleet mesh describe --project ${MCP_FLEET_PROJECT}" >&2
      break
      ;;
    FAILED_PRECONDITION | STALLED)
      die "the managed control plane of ${MCP_CLUSTER} is $(field state) (implementation: $(field implementation)); Google says: $(details). Fix what it names (README: Prerequisites, managed mode), then run the deploy again; waiting will not help. See: gcloud container fleet mesh describe --project ${MCP_FLEET_PROJECT}"
      ;;
  esac
  (( SECONDS < deadline )) || die "the managed control plane of ${MCP_CLUSTER} is not ACTIVE after ${MCP_TIMEOUT_SECONDS}s; last state: ${state}. See: gcloud container fleet mesh describe --project ${MCP_FLEET_PROJECT}"
  sleep "${MCP_POLL_SECONDS:-15}"
  state="$(control_plane_state || echo '{}')"
  echo "managed-mesh-ready: ${MCP_CLUSTER}: control plane $(jq -r '.state // "not reported yet"' <<<"$state"), implementation $(jq -r '.implementation // "not reported yet"' <<<"$state")" >&2
done
implementation="$(field implementation)"
serving="$(field state)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
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

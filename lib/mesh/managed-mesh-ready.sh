#!/usr/bin/env bash
# Waits until Google has provisioned the managed control plane of one cluster, so that the next
# stack can plan Istio resources against it. Terraform runs it from lib/mesh/managed-control-plane-ready.ts.
# Inputs (environment): MCP_FLEET_PROJECT, MCP_MEMBERSHIP (the fleet membership ID),
# MCP_MEMBERSHIP_LOCATION, MCP_PROJECT, MCP_CLUSTER, MCP_LOCATION, MCP_PRIVATE_ENDPOINT,
# MCP_CRDS (space-separated), MCP_CONFIG_MAPS (space-separated, in istio-system), MCP_TIMEOUT_SECONDS,
# MCP_POLL_SECONDS (default 15). Both durations take whole seconds or decimals (the tests wait 0.2 s).
set -euo pipefail

die() { echo "managed-mesh-ready: $*" >&2; exit 1; }
for var in MCP_FLEET_PROJECT MCP_MEMBERSHIP MCP_MEMBERSHIP_LOCATION MCP_PROJECT MCP_CLUSTER MCP_LOCATION MCP_TIMEOUT_SECONDS; do
  [[ -n "${!var:-}" ]] || die "$var is not set"
done
missing=()
for tool in gcloud kubectl gke-gcloud-auth-plugin jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
(( ${#missing[@]} == 0 )) || die "missing on the deploying machine: ${missing[*]} (see README: Prerequisites)"

# bash has no fractions: durations are counted in microseconds. micros and clock are also in
# lib/core/teardown.sh: each script ships alone as one asset, so neither can source the other.
micros() {
  [[ "$2" =~ ^([0-9]+)(\.([0-9]{1,6}))?$ ]] || die "$1 must be a number of seconds such as 15 or 0.5, got \"$2\""
  local fraction="${BASH_REMATCH[3]}000000"
  echo $(( 10#${BASH_REMATCH[1]} * 1000000 + 10#${fraction:0:6} ))
}
# EPOCHREALTIME is bash 5's; before it, whole seconds are what the clock can tell.
clock() { if [[ -n "${EPOCHREALTIME:-}" ]]; then echo "${EPOCHREALTIME/[.,]/}"; else echo $(( SECONDS * 1000000 )); fi; }
poll="${MCP_POLL_SECONDS:-15}"
micros MCP_POLL_SECONDS "$poll" >/dev/null
timeout="$(micros MCP_TIMEOUT_SECONDS "$MCP_TIMEOUT_SECONDS")"
deadline=$(( $(clock) + timeout ))
membership="/locations/${MCP_MEMBERSHIP_LOCATION}/memberships/${MCP_MEMBERSHIP}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fleet_hint="See: gcloud container fleet mesh describe --project ${MCP_FLEET_PROJECT}"

# The fleet feature reports each membership under projects/<number>/locations/<l>/memberships/<id>,
# as servicemesh.{controlPlaneManagement.{state, implementation, details[{code, details}]},
# conditions[{code, details, documentationLink, severity}]} (gkehub v1 ServiceMeshMembershipState;
# Cloud Service Mesh docs: check-control-plane-implementation, troubleshoot-with-feature-state-condition).
# gcloud's errors are kept, not discarded: the last one is printed when the wait stops.
# One jq reads all the verdicts need of an answer (each jq costs tens of milliseconds), as shell
# assignments that @sh quotes: the membership's controlPlaneManagement (state, as JSON), its state
# and implementation ("" when not reported), Google's details, and the conditions, all and ERROR.
last_error=""
describe_mesh() {
  if ! gcloud container fleet mesh describe --project "$MCP_FLEET_PROJECT" --format=json >"$work/feature.json" 2>"$work/gcloud.err"; then
    last_error="$(tr '\n' ' ' <"$work/gcloud.err" | sed 's/  */ /g; s/ $//')"
    return 1
  fi
  local answer
  answer="$(jq -r --arg suffix "$membership" '
    ([(.membershipStates // {}) | to_entries[] | select(.key | endswith($suffix)) | .value.servicemesh // {}][0] // {}) as $mesh
    | ($mesh.controlPlaneManagement // {}) as $plane
    | @sh "state=\($plane | tojson) serving=\($plane.state // "") implementation=\($plane.implementation // "")",
      @sh "details=\([$plane.details[]? | "\(.code // "?"): \(.details // "")"] | join("; ") | if . == "" then "none" else . end)",
      @sh "conditions=\([$mesh.conditions[]? | "\(.code // "?") (\(.severity // "?")): \(.details // "") [\(.documentationLink // "no link")]"] | join("; "))",
      @sh "errors=\([$mesh.conditions[]? | select(.severity == "ERROR") | "\(.code // "?"): \(.details // ""); see \(.documentationLink // "no documentation link")"] | join("; "))"
  ' "$work/feature.json")" && eval "$answer"
}
# A gcloud failure that waiting cannot fix stops the wait at once (calliope prints the API's status,
# such as PERMISSION_DENIED; the fleet feature commands say "Not authorized to access" for a 401 and
# "... Feature for project [p] is not enabled" for a 404, which here means the wrong fleet project:
# Terraform created the feature before this wait). Anything else (UNAVAILABLE, RESOURCE_EXHAUSTED,
# a dropped connection) may pass: the wait goes on and shows the error.
permanent_gcloud_error() {
  grep -qE 'PERMISSION_DENIED|Not authorized to access|does not have permission|UNAUTHENTICATED|do not currently have an active account|Reauthentication|Feature for project \[[^]]*\] is not enabled' <<<"$last_error"
}
gcloud_said() { [[ -z "$last_error" ]] || echo " Last gcloud error: ${last_error}"; }

# ACTIVE serves. NEEDS_ATTENTION and DEGRADED serve too: the apply goes on (the workloads need the
# mesh that is there) and prints Google's details, which say what to fix. FAILED_PRECONDITION and
# STALLED will not resolve by waiting, nor will DEPROVISIONING (Google is removing the control
# plane because the membership's mesh management was turned off), nor a condition of severity
# ERROR: fail at once. Anything else (PROVISIONING, DISABLED, not reported yet) is waited for
# until the timeout.
state="{}" serving="" implementation="" details="none" conditions="" errors=""
while :; do
  # Poll first: every verdict, the give-up included, rests on at least one answer.
  if describe_mesh; then
    echo "managed-mesh-ready: ${MCP_CLUSTER}: control plane ${serving:-not reported yet}, implementation ${implementation:-not reported yet}${conditions:+; conditions: ${conditions}}" >&2
  else
    # The last state stands; conditions are an answer's, and this is none.
    conditions="" errors=""
    permanent_gcloud_error && die "gcloud cannot read the fleet's mesh state, and waiting will not change that: ${last_error} (README: Prerequisites, managed mode)"
    echo "managed-mesh-ready: ${MCP_CLUSTER}: gcloud failed, will retry: ${last_error}" >&2
  fi
  [[ -z "$errors" ]] || die "the mesh of ${MCP_CLUSTER} reports an ERROR condition: ${errors}. Fix what it names, then run the deploy again; waiting will not help. ${fleet_hint}"
  case "$serving" in
    ACTIVE) break ;;
    NEEDS_ATTENTION | DEGRADED)
      echo "managed-mesh-ready: WARNING: ${MCP_CLUSTER}: control plane ${serving} (serving); Google says: ${details}. ${fleet_hint}" >&2
      break
      ;;
    FAILED_PRECONDITION | STALLED)
      die "the managed control plane of ${MCP_CLUSTER} is ${serving} (implementation: ${implementation}); Google says: ${details}. Fix what it names (README: Prerequisites, managed mode), then run the deploy again; waiting will not help. ${fleet_hint}"
      ;;
    DEPROVISIONING)
      die "the managed control plane of ${MCP_CLUSTER} is DEPROVISIONING: Google is removing it, because the membership's mesh management was turned off (the feature or its membership spec was deleted). Waiting would only end in DISABLED: let the removal finish, then run the deploy again. Google says: ${details}. ${fleet_hint}"
      ;;
  esac
  (( $(clock) < deadline )) || die "the managed control plane of ${MCP_CLUSTER} is not ACTIVE after ${MCP_TIMEOUT_SECONDS}s; last state: ${state}.$(gcloud_said) ${fleet_hint}"
  sleep "$poll"
done

export KUBECONFIG="$work/kubeconfig"
internal=()
[[ "${MCP_PRIVATE_ENDPOINT:-false}" == "true" ]] && internal=(--internal-ip)
gcloud container clusters get-credentials "$MCP_CLUSTER" --location "$MCP_LOCATION" --project "$MCP_PROJECT" "${internal[@]}"

# The workloads stack's kubernetes_manifest resources need these CRDs at plan time.
for crd in ${MCP_CRDS:-}; do
  until kubectl get crd "$crd" >/dev/null 2>&1; do
    (( $(clock) < deadline )) || die "CRD ${crd} is not installed in ${MCP_CLUSTER} after ${MCP_TIMEOUT_SECONDS}s"
    sleep "$poll"
  done
  # What is left of the deadline, in whole seconds rounded up (kubectl's --timeout), at least 1.
  left=$(( (deadline - $(clock) + 999999) / 1000000 ))
  kubectl wait --for=condition=Established "crd/${crd}" --timeout="$(( left > 0 ? left : 1 ))s"
done

# Provisioning may create asm-options itself (Google's docs patch it); Terraform then owns only
# its keys, so create whichever is still missing, and never replace one that exists.
for name in ${MCP_CONFIG_MAPS:-}; do
  kubectl -n istio-system get configmap "$name" >/dev/null 2>&1 || kubectl -n istio-system create configmap "$name" || kubectl -n istio-system get configmap "$name" >/dev/null
done
echo "managed-mesh-ready: ${MCP_CLUSTER}: control plane ${serving}, implementation ${implementation:-not reported}, CRDs established" >&2

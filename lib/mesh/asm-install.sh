#!/usr/bin/env bash
# Installs (or, on destroy, removes) one in-cluster Anthos Service Mesh revision with asmcli.
# Terraform runs it from lib/mesh/asm-install.ts; every input is an ASM_* environment variable.
#   asm-install.sh install OVERLAY...   check the machine, download and verify asmcli, install
#   asm-install.sh uninstall            remove the revision's webhooks and control plane
#   asm-install.sh retire               move the default tag and validator to the serving revision, then
#                                       uninstall, refused while a namespace or injected pod uses the revision
#   asm-install.sh restart NAMESPACE... restart the namespaces' workloads, re-injecting sidecars
set -euo pipefail

die() { echo "asm-install: $*" >&2; exit 1; }

# "${empty[@]}" under `set -u` needs bash 4.4; macOS ships 3.2.
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 404 )); then
  die "bash 4.4 or later is required, this is ${BASH_VERSION} (on macOS: brew install bash)"
fi

# Ours plus what asmcli's validate_cli_dependencies checks (anthos-service-mesh-packages,
# asmcli/lib/validate.sh). kubectl reaches GKE only through gke-gcloud-auth-plugin.
INSTALL_TOOLS=(curl sha256sum awk sed grep git csplit tr head jq gcloud kubectl gke-gcloud-auth-plugin)
UNINSTALL_TOOLS=(gcloud kubectl gke-gcloud-auth-plugin)
# Retiring and restarting read pods and webhook configurations as JSON.
RETIRE_TOOLS=(gcloud kubectl gke-gcloud-auth-plugin jq)

# Everything asmcli reads from its environment: the flags context_init seeds from variables of the
# same name (asmcli/lib/context.sh), the release it pins (MAJOR, MINOR, POINT, REV, CONFIG_VER
# in asmcli/asmcli.sh), and its _CI_* test hooks. A user's `export PROJECT_ID=...` must not
# reach it: with --kubeconfig, any of PROJECT_ID, CLUSTER_NAME or CLUSTER_LOCATION makes
# asmcli refuse ("Incompatible arguments", asmcli/lib/validate.sh).
ASMCLI_ENV_INPUTS=(
  CA CA_CERT CA_CHAIN CA_KEY CA_NAME CA_ROOT CHANNEL CLUSTER_LOCATION CLUSTER_NAME CONFIG_VER CONTEXT
  CUSTOM_CA CUSTOM_OVERLAY CUSTOM_REVISION DISABLE_UI DRY_RUN ENABLE_ALL ENABLE_CLUSTER_LABELS
  ENABLE_CLUSTER_ROLES ENABLE_GCP_APIS ENABLE_GCP_COMPONENTS ENABLE_GCP_IAM_ROLES
  ENABLE_MESHCONFIG_INIT ENABLE_NAMESPACE_CREATION ENABLE_REGISTRATION EXPERIMENTAL
  EXPLICIT_FLEET_API FLEET_ID GCLOUD_USER_OR_SA GKE_CLUSTER_URI HTTPS_PROXY HUB_IDP_URL
  HUB_MEMBERSHIP_ID HUB_REGISTRATION_EXTRA_FLAGS INCLUDES_LEGACY_INGRESS INCLUDES_PROMETHEUS
  INCLUDES_STACKDRIVER INSTALL_IDENTITY_PROVIDER KC_VIA_CONNECT KEY_FILE KUBECONFIG_FILE
  KUBECONFIG_SUPPLIED LOG_FILE_LOCATION MAJOR MANAGED MANAGED_CERTIFICATES MANAGED_SERVICE_ACCOUNT
  MINOR NETWORK_ID NON_INTERACTIVE OFFLINE ONLY_ENABLE ONLY_VALIDATE OPTIONAL_OVERLAY OUTPUT_DIR
  PLATFORM POINT PRINT_HELP PRINT_VERSION PRIVATE_ISSUER PROJECT_ID REV SERVICE_ACCOUNT
  TRUST_DOMAIN_ALIASES TRUST_FLEET_IDENTITY USE_HUB_WIP USE_VPCSC VALIDATION_ERROR VERBOSE WI_ENABLED
)

# asmcli's exit_if_out_of_iam_policy accepts only these, bound directly to the active gcloud
# account (asmcli/lib/validate.sh, required_iam_roles in asmcli/lib/installation_dependencies.sh).
INSTALLER_ROLES=(roles/container.admin roles/meshconfig.admin)

require_inputs() {
  local var
  for var in "$@"; do [[ -n "${!var:-}" ]] || die "$var is not set"; done
}

require_tools() {
  local tool missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  (( ${#missing[@]} == 0 )) || die "missing on the deploying machine: ${missing[*]} (see README: Prerequisites)"
}

credentials() {
  local internal=()
  [[ "${ASM_PRIVATE_ENDPOINT:-false}" == "true" ]] && internal=(--internal-ip)
  gcloud container clusters get-credentials "$ASM_CLUSTER" --location "$ASM_LOCATION" --project "$ASM_PROJECT" "${internal[@]}"
}

# asmcli publishes asmcli_<version> with "+" as "-" (write_and_upload in
# scripts/release-asm/common.sh); the .sha256 beside it lists that file and `asmcli`.
download_asmcli() {
  local published="asmcli_${ASM_ASMCLI_VERSION//+/-}"
  local url="https://storage.googleapis.com/csm-artifacts/asm/${published}"
  curl -fsSL --retry 3 "$url" -o "$work/asmcli"
  local expected="${ASM_ASMCLI_SHA256:-}"
  if [[ -z "$expected" ]]; then
    curl -fsSL --retry 3 "${url}.sha256" -o "$work/asmcli.sha256"
    # sha256sum lines are "<digest>  <name>", or "<digest> *<name>" in binary mode.
    expected="$(awk -v name="$published" '{ file = $2; sub(/^\*/, "", file) } file == name { print $1 }' "$work/asmcli.sha256")"
    [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || die "${url}.sha256 has no single digest for ${published}: $(tr '\n' ';' <"$work/asmcli.sha256")"
  fi
  local actual
  actual="$(sha256sum "$work/asmcli" | awk '{print $1}')"
  [[ "$actual" == "$expected" ]] || die "${published} failed verification: sha256 $actual, expected $expected"
  chmod +x "$work/asmcli"
}

# The same check asmcli makes after minutes of downloads, made first and with the fix spelled out.
check_installer_roles() {
  local account member
  account="$(gcloud config get-value auth/impersonate_service_account 2>/dev/null || true)"
  if [[ -n "$account" ]]; then
    member="serviceAccount:${account}"
  else
    account="$(gcloud auth list --filter=status:ACTIVE --format='value(account)' | head -n 1)"
    [[ -n "$account" ]] || die "gcloud has no active account: run gcloud auth login (asmcli checks the gcloud account; application-default credentials are not enough)"
    member="user:${account}"
    [[ "$account" == *.gserviceaccount.com ]] && member="serviceAccount:${account}"
  fi
  local roles missing=() role
  roles="$(gcloud projects get-iam-policy "$ASM_PROJECT" --flatten='bindings[].members' --filter="bindings.members:${member}" --format='value(bindings.role)')"
  [[ "$roles" == *roles/owner* ]] && return
  for role in "${INSTALLER_ROLES[@]}"; do grep -qxF "$role" <<<"$roles" || missing+=("$role"); done
  (( ${#missing[@]} == 0 )) && return
  local fix=""
  for role in "${missing[@]}"; do fix+=$'\n'"  gcloud projects add-iam-policy-binding ${ASM_PROJECT} --member=${member} --role=${role}"; done
  die "asmcli requires ${missing[*]} bound directly to ${member} in ${ASM_PROJECT} (grants through groups are not seen). Grant them:${fix}"
}

render_overlays() {
  local overlay rendered
  for overlay in "$@"; do
    rendered="$work/overlay-$(basename "$overlay")"
    # Per-cluster values are filled here, never in copies of the overlay files.
    sed -e "s|\${MESH_ID}|${ASM_MESH_ID}|g" -e "s|\${CLUSTER_NAME}|${ASM_CLUSTER}|g" -e "s|\${NETWORK}|${ASM_NETWORK}|g" "$overlay" >"$rendered"
    if grep -v '^[[:space:]]*#' "$rendered" | grep -q '\${[A-Z_]*}'; then
      die "$overlay has a placeholder this installer does not know"
    fi
    asmcli_args+=(--custom_overlay "$rendered")
  done
  if [[ -n "${ASM_TRUST_DOMAIN_ALIASES:-}" ]]; then
    # Clusters of several projects: every project's Workload Identity pool is one mesh.
    local aliases="$work/overlay-trust-domain-aliases.yaml" alias
    printf 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n    trustDomainAliases:\n' >"$aliases"
    for alias in $ASM_TRUST_DOMAIN_ALIASES; do printf '      - %s\n' "$alias" >>"$aliases"; done
    asmcli_args+=(--custom_overlay "$aliases")
  fi
}

# The revision's webhooks first, so no new pod is sent to an istiod about to go.
remove_revision() {
  kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l "istio.io/rev=${ASM_REVISION}" --ignore-not-found
  kubectl -n istio-system delete deployment,service,horizontalpodautoscaler,poddisruptionbudget,configmap -l "istio.io/rev=${ASM_REVISION}" --ignore-not-found
}

# Injected pods as "namespace/name revision" lines. The injector records the revision in the pod's
# annotations, sidecar.istio.io/status (its "revision" field) and istio.io/rev, never in a label
# (istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml,
# pkg/kube/inject/webhook.go). Only injected pods carry that status: istiod's own pods, which
# their Deployment labels istio.io/rev, are not workloads and are not listed.
injected_pods() {
  kubectl get pods "$@" -o json | jq -r '.items[] | (.metadata.annotations // {}) as $a
    | select($a["sidecar.istio.io/status"] != null)
    | "\(.metadata.namespace)/\(.metadata.name) \((($a["sidecar.istio.io/status"] | fromjson? // {}).revision) // $a["istio.io/rev"] // "default")"'
}

# Moves what the first install made the default (the `default` revision tag's injection webhook and
# the revision-less validator, both labelled istio.io/rev=<that revision>) to the serving revision,
# as `istioctl tag set default --revision <serving> --overwrite` does: point them at the serving
# istiod with its CA bundle, relabelled so that istiod keeps their CA bundle current (istio/istio
# istioctl/pkg/tag/generate.go: Generate, tagWebhookConfigFromCanonicalWebhook). Otherwise
# remove_revision deletes them with the old revision and istio-injection=enabled namespaces lose
# injection, revision-less Istio resources their validation.
move_default_to_serving() {
  local kind name canonical ca
  for kind in mutatingwebhookconfiguration validatingwebhookconfiguration; do
    while read -r name; do
      [[ -n "$name" ]] || continue
      # The serving revision's own configuration (no istio.io/tag label) holds its CA bundle.
      canonical="$(kubectl get "$kind" -l "istio.io/rev=${ASM_SERVING_REVISION},!istio.io/tag" -o json)"
      ca="$(jq -r '[.items[].webhooks[]?.clientConfig.caBundle // empty][0] // empty' <<<"$canonical")"
      [[ -n "$ca" ]] || die "cannot move ${kind} ${name} to ${ASM_SERVING_REVISION}: that revision has no ${kind} of its own with a CA bundle"
      kubectl get "$kind" "$name" -o json \
        | jq --arg rev "$ASM_SERVING_REVISION" --arg ca "$ca" '
            .metadata.labels["istio.io/rev"] = $rev
            | del(.metadata.resourceVersion, .metadata.managedFields)
            | .webhooks |= map(if .clientConfig.service then .clientConfig.service.name = "istiod-\($rev)" | .clientConfig.caBundle = $ca else . end)' \
        | kubectl replace -f -
      echo "asm-install: moved ${kind} ${name} to revision ${ASM_SERVING_REVISION}" >&2
    done < <(kubectl get "$kind" -l "istio.io/rev=${ASM_REVISION}" -o json \
      | jq -r '.items[] | select(.metadata.name == "istiod-default-validator" or .metadata.labels["istio.io/tag"] == "default") | .metadata.name')
  done
}

# Namespaces select a revision by label; pods are found by what the injector recorded (above).
refuse_if_in_use() {
  local namespaces pods
  namespaces="$(kubectl get namespaces -l "istio.io/rev=${ASM_REVISION}" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')"
  pods="$(injected_pods --all-namespaces | awk -v rev="$ASM_REVISION" '$2 == rev { print $1 }')"
  [[ -z "$namespaces$pods" ]] && return
  die "refusing to retire revision ${ASM_REVISION} in ${ASM_CLUSTER}: still used by namespaces [$(echo $namespaces)] and pods [$(echo $pods)]. Label them istio.io/rev=${ASM_SERVING_REVISION:-<serving revision>}, restart their workloads, and apply again (README: Upgrading the mesh)."
}

run_asmcli() {
  local scrub=() name
  for name in "${ASMCLI_ENV_INPUTS[@]}"; do scrub+=(-u "$name"); done
  while read -r name; do [[ "$name" == _CI_* ]] && scrub+=(-u "$name"); done < <(compgen -e)
  env "${scrub[@]}" "$work/asmcli" "$@"
}

require_inputs ASM_PROJECT ASM_CLUSTER ASM_LOCATION ASM_REVISION
case "${1:-}" in
  install)
    shift
    require_inputs ASM_FLEET_PROJECT ASM_MESH_ID ASM_NETWORK ASM_ASMCLI_VERSION
    require_tools "${INSTALL_TOOLS[@]}"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    export KUBECONFIG="$work/kubeconfig"
    check_installer_roles
    download_asmcli
    credentials
    # asmcli identifies the cluster by the gke_<project>_<location>_<name> context alone; with
    # --kubeconfig it refuses --project_id, --cluster_name and --cluster_location.
    context="$(kubectl config current-context)"
    [[ "$context" == "gke_${ASM_PROJECT}_${ASM_LOCATION}_${ASM_CLUSTER}" ]] || die "get-credentials wrote context ${context}, not gke_${ASM_PROJECT}_${ASM_LOCATION}_${ASM_CLUSTER}"
    asmcli_args=(install
      --kubeconfig "$KUBECONFIG" --context "$context"
      --fleet_id "$ASM_FLEET_PROJECT" --network_id "$ASM_NETWORK" --ca mesh_ca --revision_name "$ASM_REVISION"
      --output_dir "$work/out"
      --enable_cluster_roles --enable_cluster_labels --enable_namespace_creation --enable_gcp_components
      --verbose)
    render_overlays "$@"
    for option in ${ASM_OPTIONS:-}; do asmcli_args+=(--option "$option"); done
    run_asmcli "${asmcli_args[@]}"
    kubectl -n istio-system rollout status "deployment/istiod-${ASM_REVISION}" --timeout=300s
    ;;
  uninstall)
    require_tools "${UNINSTALL_TOOLS[@]}"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    export KUBECONFIG="$work/kubeconfig"
    # Best effort: the cluster may already be gone when the whole app is destroyed.
    credentials || { echo "asm-install: ${ASM_CLUSTER} is unreachable; nothing to remove" >&2; exit 0; }
    remove_revision || true
    ;;
  retire)
    require_tools "${RETIRE_TOOLS[@]}"
    [[ "$ASM_REVISION" != "${ASM_SERVING_REVISION:-}" ]] || die "refusing to retire ${ASM_REVISION}: it is the serving revision"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    export KUBECONFIG="$work/kubeconfig"
    # Unlike uninstall, never assume: an unreachable cluster fails the apply, which retries.
    credentials
    # Injection for istio-injection=enabled namespaces moves first: pods restarted to clear the
    # refusal below are then injected by the serving revision.
    move_default_to_serving
    refuse_if_in_use
    remove_revision
    ;;
  restart)
    shift
    require_tools "${RETIRE_TOOLS[@]}"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    export KUBECONFIG="$work/kubeconfig"
    credentials
    # As migrate-to-asm's relabel_namespaces_restart_workloads (anthos-service-mesh-packages,
    # scripts/migration), plus statefulsets and daemonsets; an empty namespace is not an error.
    for namespace in "$@"; do
      # Only where an injected pod still runs another revision (injected_pods above).
      stale="$(injected_pods -n "$namespace" | awk -v rev="$ASM_REVISION" '$2 != rev { print $1 }')"
      [[ -n "$stale" ]] || continue
      echo "asm-install: restarting ${namespace}: $(echo $stale) run another revision than ${ASM_REVISION}" >&2
      while read -r workload; do
        [[ -n "$workload" ]] && kubectl -n "$namespace" rollout restart "$workload"
      done < <(kubectl -n "$namespace" get deployment,statefulset,daemonset -o name)
    done
    ;;
  *)
    die "usage: asm-install.sh install OVERLAY... | uninstall | retire | restart NAMESPACE..."
    ;;
esac

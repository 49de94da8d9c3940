#!/usr/bin/env bash
# The teardown steps `cdktf destroy` runs between Terraform's own deletes, from destroy-time
# provisioners (lib/core/teardown-step.ts); docs/teardown.md says when each runs and why.
#   network-clean   after the clusters, before the subnets and the VPC: GCP holds no load balancer
#                   object GKE made on the VPC (forwarding rules, NEGs, k8s* firewall rules).
#   service-peering after Cloud SQL, before the reserved range and the VPC: the peering to
#                   servicenetworking.googleapis.com is gone.
#   managed-mesh    before the fleet membership's mesh config and the feature: the membership is on
#                   manual management and the cluster holds no controlplanerevision.
# Inputs: TD_* (the resource's input); TEARDOWN_WAIT_SECONDS bounds each wait, TEARDOWN_POLL_SECONDS
# sets how often it looks (defaults per step below; whole seconds or decimals, which the tests use).
# Every give-up names what is left and the command that removes it.
set -euo pipefail
shopt -s inherit_errexit

step="${1:-}"
say() { echo "teardown ${step}: $*" >&2; }
die() { say "$*"; exit 1; }
require() { local var; for var; do [[ -n "${!var:-}" ]] || die "$var is not set"; done; }
# bash has no fractions: durations are counted in microseconds. micros and clock are also in
# lib/mesh/managed-mesh-ready.sh: each script ships alone as one asset, so neither can source the other.
micros() {
  [[ "$2" =~ ^([0-9]+)(\.([0-9]{1,6}))?$ ]] || die "$1 must be a number of seconds such as 15 or 0.5, got \"$2\""
  local fraction="${BASH_REMATCH[3]}000000"
  echo $((10#${BASH_REMATCH[1]} * 1000000 + 10#${fraction:0:6}))
}
# EPOCHREALTIME is bash 5's; before it, whole seconds are what the clock can tell.
clock() { if [[ -n "${EPOCHREALTIME:-}" ]]; then echo "${EPOCHREALTIME/[.,]/}"; else echo $((SECONDS * 1000000)); fi; }
poll="${TEARDOWN_POLL_SECONDS:-15}"
micros TEARDOWN_POLL_SECONDS "$poll" >/dev/null

# GKE's objects, by the names and descriptions its controllers give them: the service controller
# writes {"kubernetes.io/service-name":"<ns>/<name>"} into a load balancer's forwarding rule
# (kubernetes/cloud-provider-gcp providers/gce/gce_loadbalancer.go, makeServiceDescription) and
# names firewall rules k8s-fw-*, k8s-*-node-hc, k8s2-*; the NEG controller names NEGs k8s1-*/k8s2-*
# (kubernetes/ingress-gce pkg/utils/namer). Lines: kind|project|name|zone|region (a non-blank
# separator: read with IFS=tab would merge empty fields).
gke_leftovers() {
  local on_network="network ~ /global/networks/${TD_NETWORK}\$" project
  for project in $TD_PROJECTS; do
    gcloud compute forwarding-rules list --project "$project" --filter="${on_network} AND description ~ kubernetes.io/service-name" \
      --format="value(name,region.basename())" | awk -F'\t' -v p="$project" 'NF { print "forwarding-rule|" p "|" $1 "||" $2 }'
    gcloud compute network-endpoint-groups list --project "$project" --filter="${on_network} AND name ~ ^k8s[12]-" \
      --format="value(name,zone.basename(),region.basename())" | awk -F'\t' -v p="$project" 'NF { print "neg|" p "|" $1 "|" $2 "|" $3 }'
  done
  # Firewall rules live in the network's project (the Shared VPC host), where GKE in a service
  # project may not delete them: it records the gcloud command in an event and goes on
  # (cloud-provider-gcp gce_loadbalancer_external.go, firewall XPN handling).
  gcloud compute firewall-rules list --project "$TD_NETWORK_PROJECT" --filter="${on_network} AND name ~ ^k8s" \
    --format="value(name)" | awk -F'\t' -v p="$TD_NETWORK_PROJECT" 'NF { print "firewall-rule|" p "|" $1 "||" }'
}

# The gcloud command that deletes one leftover line.
delete_command() {
  local kind project name zone region where
  IFS='|' read -r kind project name zone region <<<"$1"
  if [[ -n "$zone" ]]; then where="--zone $zone"; elif [[ -n "$region" ]]; then where="--region $region"; else where="--global"; fi
  case "$kind" in
    forwarding-rule) echo "gcloud compute forwarding-rules delete $name $where --project $project --quiet" ;;
    neg) echo "gcloud compute network-endpoint-groups delete $name $where --project $project --quiet" ;;
    firewall-rule) echo "gcloud compute firewall-rules delete $name --project $project --quiet" ;;
  esac
}

network_clean() {
  require TD_NETWORK TD_NETWORK_PROJECT TD_PROJECTS
  TD_NETWORK="${TD_NETWORK##*/}" # a name or a self link
  local wait="${TEARDOWN_WAIT_SECONDS:-900}" line left span
  span="$(micros TEARDOWN_WAIT_SECONDS "$wait")"
  local deadline=$(($(clock) + span)) grace=$(($(clock) + span / 3))
  while :; do
    left="$(gke_leftovers)" || die "could not list what is left on network ${TD_NETWORK} (gcloud's error above); run the destroy again"
    [[ -z "$left" ]] && { say "no load balancer object of GKE's left on network ${TD_NETWORK}"; return 0; }
    # GKE removes a cluster's load balancers as the cluster goes: give it a third of the wait, then
    # remove what it left (the clusters are gone, so nothing else will), forwarding rules first.
    if (($(clock) >= grace)); then
      local kind cmd
      for kind in forwarding-rule neg firewall-rule; do
        while IFS= read -r line; do
          read -ra cmd <<<"$(delete_command "$line")"
          say "removing what GKE left: ${cmd[*]}"
          "${cmd[@]}" >&2 || true
        done < <(awk -F'|' -v k="$kind" '$1 == k' <<<"$left")
      done
      left="$(gke_leftovers)" || die "could not list what is left on network ${TD_NETWORK} (gcloud's error above); run the destroy again"
      [[ -z "$left" ]] && { say "no load balancer object of GKE's left on network ${TD_NETWORK}"; return 0; }
    fi
    if (($(clock) >= deadline)); then
      say "after ${wait}s, network ${TD_NETWORK} still holds load balancer objects GKE made; the subnets and the VPC cannot be deleted until they go. Remove them, then run the destroy again:"
      while IFS= read -r line; do echo "  $(delete_command "$line")" >&2; done <<<"$left"
      exit 1
    fi
    say "waiting for GKE to remove $(wc -l <<<"$left") load balancer object(s) on ${TD_NETWORK}: $(cut -d'|' -f3 <<<"$left" | tr '\n' ' ')"
    sleep "$poll"
  done
}

service_peering() {
  require TD_NETWORK TD_NETWORK_PROJECT
  TD_NETWORK="${TD_NETWORK##*/}"
  local wait="${TEARDOWN_WAIT_SECONDS:-300}" out span
  span="$(micros TEARDOWN_WAIT_SECONDS "$wait")"
  local deadline=$(($(clock) + span))
  local fallback="gcloud compute networks peerings delete servicenetworking-googleapis-com --network ${TD_NETWORK} --project ${TD_NETWORK_PROJECT} --quiet"
  while :; do
    if ! gcloud compute networks peerings list --network "$TD_NETWORK" --project "$TD_NETWORK_PROJECT" --flatten=peerings \
      --format="value(peerings.name)" | grep -qx servicenetworking-googleapis-com; then
      say "no peering to servicenetworking.googleapis.com left on ${TD_NETWORK}"
      return 0
    fi
    out="$(gcloud services vpc-peerings delete --network "$TD_NETWORK" --service servicenetworking.googleapis.com --project "$TD_NETWORK_PROJECT" --quiet 2>&1)" &&
      { say "deleted the private services access connection of ${TD_NETWORK}"; return 0; }
    (($(clock) < deadline)) || break
    say "retrying: $(awk 'END { print }' <<<"$out")"
    sleep "$poll"
  done
  # Cloud SQL keeps a deleted instance's producer resources for days (terraform-provider-google
  # #16275, #18834): drop the VPC's side of the peering, which is what blocks the VPC's delete.
  say "the connection is still held by the producer after ${wait}s; removing the VPC's side: ${fallback}"
  $fallback >&2 || die "peering servicenetworking-googleapis-com is left on network ${TD_NETWORK}; remove it with: ${fallback}"
}

managed_mesh() {
  require TD_FLEET_PROJECT TD_MEMBERSHIP TD_MEMBERSHIP_LOCATION TD_PROJECT TD_CLUSTER TD_LOCATION
  local wait="${TEARDOWN_WAIT_SECONDS:-300}" left span
  span="$(micros TEARDOWN_WAIT_SECONDS "$wait")"
  local deadline=$(($(clock) + span))
  local manual="gcloud container fleet mesh update --management manual --memberships ${TD_MEMBERSHIP} --location ${TD_MEMBERSHIP_LOCATION} --project ${TD_FLEET_PROJECT}"
  # Google's uninstall order (service-mesh/docs/uninstall): manual management first, so the fleet
  # stops reconciling the control plane, then the cluster's controlplanerevisions.
  $manual >&2 || die "could not switch ${TD_CLUSTER} to manual management; the fleet feature cannot be removed while it manages the cluster. Run: ${manual}"
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  export KUBECONFIG="$work/kubeconfig"
  local internal=()
  [[ "${TD_PRIVATE_ENDPOINT:-false}" == "true" ]] && internal=(--internal-ip)
  if ! gcloud container clusters get-credentials "$TD_CLUSTER" --location "$TD_LOCATION" --project "$TD_PROJECT" "${internal[@]}" >&2 ||
    ! kubectl get crd controlplanerevisions.mesh.cloud.google.com >/dev/null 2>&1; then
    say "no controlplanerevision to delete in ${TD_CLUSTER} (cluster unreachable or none installed); the cluster's deletion removes what is there"
    return 0
  fi
  local credentials="gcloud container clusters get-credentials ${TD_CLUSTER} --location ${TD_LOCATION} --project ${TD_PROJECT} ${internal[*]}"
  kubectl delete controlplanerevision -n istio-system --all --ignore-not-found --wait=false >&2 ||
    die "could not delete the controlplanerevisions of ${TD_CLUSTER} (kubectl's error above). Run: ${credentials} && kubectl delete controlplanerevision -n istio-system --all"
  while :; do
    left="$(kubectl get controlplanerevision -n istio-system -o name)" ||
      die "could not list the controlplanerevisions of ${TD_CLUSTER} (kubectl's error above). Check with: ${credentials} && kubectl get controlplanerevision -n istio-system"
    [[ -z "$left" ]] && break
    if (($(clock) >= deadline)); then
      say "after ${wait}s, ${TD_CLUSTER} still has: $(tr '\n' ' ' <<<"$left"). Remove them (check finalizers with kubectl get -o yaml), then run the destroy again:"
      echo "  ${credentials} && kubectl delete -n istio-system $(tr '\n' ' ' <<<"$left")" >&2
      exit 1
    fi
    sleep "$poll"
  done
  say "${TD_CLUSTER}: manual management, no controlplanerevision left"
}

case "$step" in
  network-clean) network_clean ;;
  service-peering) service_peering ;;
  managed-mesh) managed_mesh ;;
  *) die "unknown step \"${step}\"; expected network-clean, service-peering or managed-mesh" ;;
esac

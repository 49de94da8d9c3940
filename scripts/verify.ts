// `npm run verify`: proves the mesh load-balances across clusters (see src/tools/verify.ts).
// Exit codes: 0 the check passed (or --dry-run, --help); 1 it failed or could not run; 2 bad flags.
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import { loadConfigFromEnvironment } from '../src/config/load';
import { ConfigError } from '../src/config/messages';
import type { MeshConfig } from '../src/config/types';
import {
  type CallResult,
  type ClusterCheck,
  type ClusterResults,
  dryRunLines,
  missingContexts,
  parseHelloworld,
  parseVerifyArgs,
  verdict,
  VerifyError,
  verifyPlan,
} from '../src/tools/verify';
import { proxyRevisionsCall, staleProxies, staleProxyReport } from '../src/tools/proxy-revisions';
import { flagsOrExitCode } from './cli';

const USAGE = `Usage: npm run verify -- [--dry-run] [--calls K] [--help]

From the sleep pod of every cluster, calls helloworld K times and passes only if every
cluster reached every helloworld version, which proves calls cross clusters.
Uses the kubectl contexts gcloud container clusters get-credentials writes.

  --dry-run   print each cluster's calls as one shell line, and run nothing
  --calls K   calls per cluster (default: 10 × the number of clusters)
  --help      print this help
The config is $MESH_CONFIG, or mesh.config.yaml.`;

/** A hung exec (an unready pod, an unreachable control plane) counts as one failed call. */
const CALL_TIMEOUT_MS = 60_000;

class KubectlMissing extends Error {}

/** The exit code; `env` is the config's ($MESH_CONFIG) and the calls' (PATH finds kubectl). */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const args = flagsOrExitCode('verify', USAGE, parseVerifyArgs(argv));
  if (typeof args === 'number') return args;
  try {
    const config = loadConfigFromEnvironment(env);
    const plan = verifyPlan(config, { calls: args.calls });
    if (args.dryRun) {
      for (const line of dryRunLines(plan)) console.log(line);
      return 0;
    }
    return verify(config, plan, env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof VerifyError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof KubectlMissing) {
      console.error('verify: kubectl was not found on PATH (ENOENT). Install it, e.g. `gcloud components install kubectl`.');
      return 1;
    }
    throw error;
  }
}

function verify(config: MeshConfig, plan: readonly ClusterCheck[], env: NodeJS.ProcessEnv): number {
  // Without a context every call fails the same way; saying which get-credentials to run is kinder.
  const missing = missingContexts(plan, kubectlContexts(env));
  if (missing.length > 0) {
    console.error(`verify: no kubectl context ${missing.join(', ')}. Run:`);
    for (const cluster of config.clusters.filter((cluster) => missing.includes(cluster.kubeContext))) {
      console.error(`  ${cluster.getCredentialsCommand}`);
    }
    return 1;
  }
  const results = plan.map((check) => runCheck(check, env));
  const outcome = verdict(results, config.mesh.sampleVersions);
  console.log(outcome.report);
  const revisionsCurrent = config.asm.mode === 'managed' || checkProxyRevisions(config, env);
  return outcome.passed && revisionsCurrent ? 0 : 1;
}

/** In-cluster: every injected pod runs the serving revision's proxy (see src/tools/proxy-revisions.ts). */
function checkProxyRevisions(config: MeshConfig, env: NodeJS.ProcessEnv): boolean {
  let current = true;
  for (const cluster of config.clusters) {
    const result = runCall(proxyRevisionsCall(cluster.kubeContext), env);
    if (!result.ok) {
      console.log(`${cluster.name}: could not list pods by revision: ${result.error}`);
      current = false;
      continue;
    }
    const stale = staleProxies(result.stdout, config.asm.revision);
    console.log(staleProxyReport(cluster.name, config.asm.revision, stale));
    if (stale.length > 0) current = false;
  }
  return current;
}

function kubectlContexts(env: NodeJS.ProcessEnv): string[] {
  const result = run(['kubectl', 'config', 'get-contexts', '-o', 'name'], env);
  return result.status === 0
    ? result.stdout
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
    : [];
}

function runCheck(check: ClusterCheck, env: NodeJS.ProcessEnv): ClusterResults {
  console.error(`${check.cluster} (runs ${check.localVersion}): ${check.commands.length} calls through ${check.context}`);
  const results = check.commands.map((command) => runCall(command, env));
  const versions = new Set(results.map((result) => (result.ok ? parseHelloworld(result.stdout)?.version : undefined)));
  versions.delete(undefined);
  console.error(`  answered: ${[...versions].sort().join(', ') || 'no version'}`);
  return { cluster: check.cluster, results };
}

function runCall(argv: readonly string[], env: NodeJS.ProcessEnv): CallResult {
  const result = run(argv, env);
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') return { ok: false, error: `timed out after ${CALL_TIMEOUT_MS / 1000}s` };
  if (result.error) return { ok: false, error: `${argv[0]}: ${result.error.message}` };
  if (result.status !== 0) return { ok: false, error: result.stderr.trim() || `exit code ${result.status ?? result.signal}` };
  return { ok: true, stdout: result.stdout };
}

/** No shell: the argv is exactly what --dry-run prints. */
function run(argv: readonly string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: CALL_TIMEOUT_MS, env });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new KubectlMissing();
  return result;
}

// Run as a script; the tests call main in-process too.
if (require.main === module) process.exitCode = main(process.argv.slice(2));

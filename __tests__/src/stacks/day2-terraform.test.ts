/**
 * Day-2 changes under the real Terraform engine: the mesh stack cut down to its terraform_data,
 * applied with the fake gcloud, kubectl, curl and asmcli on PATH, in the order a user changes it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../../src/stacks/app';
import { config, newApp, REPO_ROOT, synth, type SynthJson, TWO_CLUSTERS } from '../../helpers';
import { cutDown, describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';
import { FAKE_TOOLS, readLog, toolSandbox } from '../../support/tool-sandbox';

const CONTEXTS = ['gke_test-project_us-central1_alpha', 'gke_test-project_us-central1_beta'];
const OVERLAYS = ['egress-registry-only.yaml', 'multicluster-identity.yaml', 'access-logging.yaml'];

/** The overlays in a folder of their own, so a step can edit one as a user would. */
const overlayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-overlays-'));
for (const file of OVERLAYS) fs.copyFileSync(path.join(REPO_ROOT, 'overlays', file), path.join(overlayDir, file));
afterAll(() => fs.rmSync(overlayDir, { recursive: true, force: true }));

/** Each cluster's CA as the mesh stack reads it: `recreated` clusters have a new one. */
const caOf = (recreated: readonly string[]) => (reference: string) => {
  const cluster = /^data\.google_container_cluster\.k8s-(\w+)_cluster_\w+\.master_auth\[0\]\.cluster_ca_certificate$/.exec(reference)?.[1];
  return cluster === undefined ? '123456789' : `ca-of-${cluster}${recreated.includes(cluster) ? '-recreated' : ''}`;
};

/** Each mesh stack synthesized, by its asm section and the overlays' text: steps that repeat one reuse it. */
const synthesized = new Map<string, SynthJson>();

function meshStack(asm: string, recreated: readonly string[] = []) {
  const key = [asm, ...OVERLAYS.map((file) => fs.readFileSync(path.join(overlayDir, file), 'utf8'))].join('\0');
  let json = synthesized.get(key);
  if (!json) {
    const overlays = OVERLAYS.map((file) => `    - ${path.join(overlayDir, file)}`).join('\n');
    json = synth(buildApp(newApp(), config(`${TWO_CLUSTERS}asm:\n  defaultOverlays: false\n  overlays:\n${overlays}\n${asm}`)).mesh);
    synthesized.set(key, json);
  }
  const files = new Map([
    ['asm-install.sh', path.join(REPO_ROOT, 'lib', 'mesh', 'asm-install.sh')],
    ...OVERLAYS.map((file) => [file, path.join(overlayDir, file)] as const),
  ]);
  return cutDown(json, files, caOf(recreated));
}

/** What one cluster's tools were asked, from the shared log: kubectl lines carry the context. */
const deletes = (calls: string[]) => calls.filter((line) => / kubectl .*delete /.test(line));
const installs = (calls: string[]) => calls.filter((line) => line.startsWith('asmcli install start'));

/** A Terraform working directory whose PATH is the fakes, logging to one shared file. */
function sandboxedWorkdir(env: Record<string, string> = {}) {
  const box = toolSandbox();
  const workdir = new TerraformWorkdir({
    PATH: box.bin,
    HOME: box.dir,
    LOG_DIR: box.logs,
    FAKE_ASMCLI: path.join(FAKE_TOOLS, 'asmcli'),
    FAKE_LOG_CONTEXT: '1',
    ...env,
  });
  afterAll(() => {
    workdir.remove();
    fs.rmSync(box.dir, { recursive: true, force: true });
  });
  return { box, workdir };
}

describeWithTerraform('day-2 changes under the real Terraform engine', () => {
  const { box, workdir } = sandboxedWorkdir();
  /** The calls one step made, and a clean log for the next. */
  const step = (run: () => { status: number | null; output: string }, expectStatus = 0) => {
    const result = run();
    const calls = readLog(box, 'calls').split('\n').filter(Boolean);
    fs.writeFileSync(path.join(box.logs, 'calls'), '');
    if (result.status !== expectStatus) throw new Error(`terraform exited ${result.status}:\n${result.output}`);
    return { calls, output: result.output };
  };

  it('1. the first apply installs asm-128 in both clusters at once', () => {
    // Long enough that two installs running at once overlap in the log; later steps need no wait.
    const { calls } = step(() => workdir.apply(meshStack(''), { FAKE_ASMCLI_SECONDS: '1' }));
    expect(installs(calls).map((line) => line.split(' ').slice(3, 5).join(' '))).toEqual(
      expect.arrayContaining(['test-project/us-central1/alpha asm-128', 'test-project/us-central1/beta asm-128']),
    );
    expect(installs(calls)).toHaveLength(2);
    // Parallel: each install starts before the other one ends.
    const times = (kind: string) => calls.filter((line) => line.startsWith(`asmcli install ${kind}`)).map((line) => Number(line.split(' ').pop()));
    expect(Math.max(...times('start'))).toBeLessThan(Math.min(...times('end')));
    expect(deletes(calls)).toEqual([]);
  }, 60_000);

  it('2. an overlay change re-applies both control planes in place and removes nothing', () => {
    const logging = path.join(overlayDir, 'access-logging.yaml');
    fs.writeFileSync(logging, fs.readFileSync(logging, 'utf8').replace(/accessLogEncoding: \w+/, 'accessLogEncoding: TEXT'));
    const { calls } = step(() => workdir.apply(meshStack('')));
    expect(installs(calls).map((line) => line.split(' ')[4])).toEqual(['asm-128', 'asm-128']);
    expect(deletes(calls)).toEqual([]);
    for (const context of CONTEXTS) expect(calls).toContain(`[${context}] kubectl -n istio-system rollout status deployment/istiod-asm-128 --timeout=300s`);
  }, 60_000);

  it('3. a version bump installs asm-1285-12 beside asm-128, which keeps serving', () => {
    const { calls } = step(() => workdir.apply(meshStack('  asmcliVersion: "1.28.5-asm.12+config1"\n')));
    expect(installs(calls).map((line) => line.split(' ')[4])).toEqual(['asm-1285-12', 'asm-1285-12']);
    expect(deletes(calls)).toEqual([]);
    expect(calls.join('\n')).not.toMatch(/uninstall|istio.io\/rev=asm-128\b/);
  }, 60_000);

  const retire = '  asmcliVersion: "1.28.5-asm.12+config1"\n  retiredRevisions: [asm-128]\n';

  it('4. retiring asm-128 refuses while a namespace or pod still uses it, and deletes nothing', () => {
    const { calls, output } = step(
      () => workdir.apply(meshStack(retire), { FAKE_NAMESPACE_REVS: 'shop=asm-128 web=asm-1285-12', FAKE_POD_REVS: 'shop/cart-1=asm-128' }),
      1,
    );
    expect(output).toMatch(/refusing to retire revision asm-128 in alpha: still used by namespaces \[shop\] and pods \[shop\/cart-1\]/);
    expect(output).toMatch(/Label them istio.io\/rev=asm-1285-12/);
    expect(deletes(calls)).toEqual([]);
    expect(installs(calls)).toEqual([]);
  }, 60_000);

  it('5. once nothing uses it, the next apply retires asm-128 in both clusters, and only it', () => {
    // The fake keeps webhook configurations from its first call on: start them from FAKE_WEBHOOKS.
    for (const context of CONTEXTS) fs.rmSync(path.join(box.logs, `webhooks.${context}.json`), { force: true });
    const { calls } = step(() =>
      workdir.apply(meshStack(retire), {
        FAKE_NAMESPACE_REVS: 'shop=asm-1285-12',
        FAKE_WEBHOOKS: 'asm-128:default asm-1285-12',
        FAKE_ISTIOD_REVS: 'asm-128 asm-1285-12',
      }),
    );
    for (const context of CONTEXTS) {
      // The default tag and validator, which the first install made, now call the serving istiod.
      const hooks = JSON.parse(readLog(box, `webhooks.${context}.json`)) as { metadata: { name: string; labels: Record<string, string> } }[];
      expect(hooks.map((hook) => `${hook.metadata.name} ${hook.metadata.labels['istio.io/rev']}`).sort()).toEqual([
        'istio-revision-tag-default asm-1285-12',
        'istio-sidecar-injector-asm-1285-12 asm-1285-12',
        'istio-validator-asm-1285-12-istio-system asm-1285-12',
        'istiod-default-validator asm-1285-12',
      ]);
      expect(deletes(calls).filter((line) => line.startsWith(`[${context}]`))).toEqual([
        `[${context}] kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l istio.io/rev=asm-128 --ignore-not-found`,
        `[${context}] kubectl -n istio-system delete deployment,service,horizontalpodautoscaler,poddisruptionbudget,configmap -l istio.io/rev=asm-128 --ignore-not-found`,
      ]);
    }
    expect(installs(calls)).toEqual([]);
  }, 60_000);

  it('6. a plan after that changes nothing', () => {
    const { output } = step(() => workdir.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']));
    expect(output).toMatch(/No changes/);
  }, 60_000);

  it('6b. a cluster recreated under the same name (a new CA) gets its control plane in the next apply, and only it', () => {
    const { calls } = step(() => workdir.apply(meshStack(retire, ['beta'])));
    expect(installs(calls).map((line) => line.split(' ').slice(3, 5).join(' '))).toEqual(['test-project/us-central1/beta asm-1285-12']);
    // The old cluster's install is deposed, not destroyed: no uninstall is sent to the new cluster.
    expect(deletes(calls)).toEqual([]);
  }, 60_000);

  it('7. destroy uninstalls the serving revision from both clusters', () => {
    const { calls } = step(() => workdir.destroy());
    expect(
      deletes(calls)
        .map((line) => line.replace(/^\[[^\]]+\] /, ''))
        .sort(),
    ).toEqual(
      [
        'kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l istio.io/rev=asm-1285-12 --ignore-not-found',
        'kubectl -n istio-system delete deployment,service,horizontalpodautoscaler,poddisruptionbudget,configmap -l istio.io/rev=asm-1285-12 --ignore-not-found',
      ]
        .flatMap((line) => [line, line])
        .sort(),
    );
    expect(installs(calls)).toEqual([]);
  }, 60_000);
});

/**
 * The install as this app wrote it before 8ca7d92's successor: one terraform_data per cluster at
 * the revision's address, installing on create, uninstalling on destroy, replaced on any input.
 */
function previousShape(stack: ReturnType<typeof meshStack>) {
  const data = (stack.json.resource as Record<string, Record<string, Record<string, unknown>>>).terraform_data;
  const previous: Record<string, Record<string, unknown>> = {};
  for (const [name, revision] of Object.entries(data)) {
    if (!name.includes('_install_')) continue;
    const run = Object.entries(data).find(([other]) => other.startsWith(name.replace(/_install_.*/, '_apply_')))![1];
    const { revision_id: _id, ...triggers } = run.triggers_replace as Record<string, string>;
    previous[name] = {
      depends_on: revision.depends_on,
      input: revision.input,
      triggers_replace: triggers,
      provisioner: [...(run.provisioner as unknown[]), ...(revision.provisioner as unknown[])],
    };
  }
  return { json: { resource: { terraform_data: previous } }, assets: stack.assets };
}

describeWithTerraform('upgrading this app on an existing deployment, under the real Terraform engine', () => {
  const { box, workdir } = sandboxedWorkdir();

  it('re-runs the install in place on the first apply, and uninstalls nothing', () => {
    const current = meshStack('');
    expect(workdir.apply(previousShape(current)).status).toBe(0);
    fs.writeFileSync(path.join(box.logs, 'calls'), '');
    const upgrade = workdir.apply(current);
    expect(upgrade.status).toBe(0);
    const calls = readLog(box, 'calls').split('\n').filter(Boolean);
    expect(deletes(calls)).toEqual([]);
    expect(installs(calls).map((line) => line.split(' ')[4])).toEqual(['asm-128', 'asm-128']);
    // The revision kept its address: replaced (create-before-destroy), not added beside itself;
    // the other 4 added are the mode lock's record and guard per cluster, new in this release.
    expect(upgrade.output).toMatch(/Apply complete! Resources: 8 added, 0 changed, 2 destroyed/);
  }, 60_000);
});

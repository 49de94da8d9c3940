import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { TerraformJson } from '../../../lib/core/synthesized-stack';
import { loadConfig } from '../../../src/config/load';
import { describeFailure } from '../../../src/runtime/failure';
import { CrossStackReferenceError, synthesizeSelfContainedStacks } from '../../../src/runtime/synthesize';
import { buildApp } from '../../../src/stacks/app';
import { DEFAULT_FIXTURE, REPO_ROOT } from '../../helpers';
import { managedModeConfigFile } from '../../support/synth-to-disk';

const outdirs: string[] = [];
function freshApp(props: { skipValidation?: boolean } = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-synthesize-'));
  outdirs.push(outdir);
  return new App({ outdir, ...props });
}
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Every file under `dir`, by relative path, with its content. */
function filesUnder(dir: string, files: Record<string, string> = {}, root = dir): Record<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(file, files, root);
    else files[path.relative(root, file)] = fs.readFileSync(file, 'utf8');
  }
  return files;
}

/** A stack of `app` with its google provider. */
function googleStack(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new GoogleProvider(stack, 'google', { project: 'p', region: 'us-central1' });
  return stack;
}

/** Two stacks; the second's subnet names the first's network: a reference across stacks. */
function appWithCrossStackReference(): App {
  const app = freshApp();
  const platform = googleStack(app, 'platform');
  const network = new ComputeNetwork(platform, 'vpc', { name: 'mesh', autoCreateSubnetworks: false });
  const mesh = googleStack(app, 'mesh');
  new ComputeSubnetwork(mesh, 'subnet', { name: 'a', network: network.id, ipCidrRange: '10.0.0.0/24', region: 'us-central1' });
  return app;
}

/** Every shipped config, by name: the default fixture, it in managed mode, and each example. */
const CONFIGS: [string, string][] = [
  ['the default fixture', DEFAULT_FIXTURE],
  ['the default fixture in managed mode', managedModeConfigFile()],
  ...fs
    .readdirSync(path.join(REPO_ROOT, 'examples'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file): [string, string] => [`examples/${file}`, path.join(REPO_ROOT, 'examples', file)]),
];

describe('synthesizeSelfContainedStacks', () => {
  it.each(CONFIGS)('writes what app.synth() writes, file for file: %s', (_name, file) => {
    const config = loadConfig(file);
    const standard = freshApp();
    buildApp(standard, config);
    standard.synth();
    const selfContained = freshApp();
    buildApp(selfContained, config);
    synthesizeSelfContainedStacks(selfContained);
    const expected = filesUnder(standard.outdir);
    expect(Object.keys(expected)).toContain('manifest.json');
    expect(filesUnder(selfContained.outdir)).toEqual(expected);
  });

  it('returns each stack with its own JSON as written', () => {
    const app = freshApp();
    buildApp(app, loadConfig(DEFAULT_FIXTURE));
    const written = synthesizeSelfContainedStacks(app);
    expect([...written.keys()].map((stack) => stack.node.id)).toEqual(['platform', 'mesh', 'workloads']);
    const types = (json: TerraformJson) => Object.keys(json.resource ?? {});
    const [platform, mesh, workloads] = [...written.values()];
    expect(types(platform)).toContain('google_container_cluster');
    expect(types(mesh)).not.toContain('google_container_cluster');
    expect(types(workloads)).toContain('kubernetes_deployment_v1');
    for (const [stack, json] of written) {
      expect(json).toEqual(JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')));
    }
  });

  it('refuses a reference across stacks, naming both, where app.synth() wires it through remote state', () => {
    const standard = appWithCrossStackReference();
    standard.synth();
    const mesh = JSON.parse(fs.readFileSync(path.join(standard.outdir, 'stacks', 'mesh', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(mesh.data.terraform_remote_state)).toHaveLength(1);

    const app = appWithCrossStackReference();
    let error: unknown;
    try {
      synthesizeSelfContainedStacks(app);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CrossStackReferenceError);
    expect((error as CrossStackReferenceError).references).toEqual([
      {
        stack: 'mesh',
        from: expect.stringMatching(/^google_compute_subnetwork\.subnet/),
        address: expect.stringMatching(/^google_compute_network\.vpc/),
        reason: 'only stack platform declares it',
      },
    ]);
    expect(describeFailure(error)).toMatch(
      /^1 reference across stacks:\n {2}- stack mesh, google_compute_subnetwork\.subnet\S*: google_compute_network\.vpc\S*: only stack platform declares it\nStacks hand each other only names/,
    );
  });

  it("refuses a reference to another stack's block of the same name, which the JSON alone would read as its own", () => {
    // Both stacks read a project under the ID "project", different ones: mesh's number must not be platform's.
    const app = freshApp();
    const platform = googleStack(app, 'platform');
    const platformProject = new DataGoogleProject(platform, 'project', { projectId: 'platform-project' });
    const mesh = googleStack(app, 'mesh');
    new DataGoogleProject(mesh, 'project', { projectId: 'fleet-project' });
    new TerraformOutput(mesh, 'number', { value: platformProject.number });
    expect(() => synthesizeSelfContainedStacks(app)).toThrow(
      /- stack mesh, output\.number: data\.google_project\.project: stack platform declares it too, and not as the same data source/,
    );
  });

  it("refuses another stack's variable", () => {
    const app = freshApp();
    const platform = googleStack(app, 'platform');
    const cidr = new TerraformVariable(platform, 'cidr', { type: 'string' });
    const mesh = googleStack(app, 'mesh');
    new TerraformOutput(mesh, 'cidr', { value: cidr.stringValue });
    expect(() => synthesizeSelfContainedStacks(app)).toThrow(/- stack mesh, output\.cidr: var\.cidr: only stack platform declares it/);
  });

  it.each([
    ['the app', { hclOutput: true }, {}],
    ['SYNTH_HCL_OUTPUT', {}, { SYNTH_HCL_OUTPUT: 'true' }],
    ['SYNTH_HCL_OUTPUT=1', {}, { SYNTH_HCL_OUTPUT: '1' }],
  ])('refuses HCL output asked for by %s, before writing any stack', (_by, props, env) => {
    const saved = process.env.SYNTH_HCL_OUTPUT;
    Object.assign(process.env, env);
    try {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-synthesize-hcl-')), ...props });
      outdirs.push(app.outdir);
      googleStack(app, 'alone');
      expect(() => synthesizeSelfContainedStacks(app)).toThrow(/^HCL output \(cdktf synth --hcl, SYNTH_HCL_OUTPUT\) is not supported/);
      expect(fs.existsSync(path.join(app.outdir, 'stacks', 'alone'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = saved;
    }
  });

  it('gives a stack without a backend the local backend, as app.synth() does', () => {
    const build = (app: App) => {
      const stack = googleStack(app, 'alone');
      new ComputeNetwork(stack, 'vpc', { name: 'mesh', autoCreateSubnetworks: false });
      return app;
    };
    const standard = build(freshApp());
    standard.synth();
    const app = build(freshApp());
    const written = synthesizeSelfContainedStacks(app);
    expect([...written.values()][0].terraform).toMatchObject({ backend: { local: { path: expect.stringContaining('terraform.alone.tfstate') } } });
    expect(filesUnder(app.outdir)).toEqual(filesUnder(standard.outdir));
  });

  it("runs the app's own validations, unless the app skips validation", () => {
    const build = (app: App) => {
      googleStack(app, 'alone');
      app.node.addValidation({ validate: () => ['the app is broken'] });
      return app;
    };
    expect(() => build(freshApp()).synth()).toThrow(/App-level validation failed with the following errors:\n {2}the app is broken/);
    expect(() => synthesizeSelfContainedStacks(build(freshApp()))).toThrow(/^App-level validation failed with the following errors:\n {2}the app is broken$/);
    expect(() => synthesizeSelfContainedStacks(build(freshApp({ skipValidation: true })))).not.toThrow();
  });
});

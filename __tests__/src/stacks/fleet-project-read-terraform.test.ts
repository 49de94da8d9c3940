/**
 * The mesh stack reads the fleet project as `data.google_project.fleet-project` (it was
 * `data.google_project.project`, the address platform uses for the cluster project). Under the
 * real Terraform engine: moving a running mesh to the new name replaces no ASM install, whose
 * `triggers_replace` holds the mesh ID built from that read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../../src/stacks/app';
import { config, newApp, synth, TWO_CLUSTERS } from '../../helpers';
import { describeWithTerraform, TerraformWorkdir } from '../../support/terraform-engine';

type Block = Record<string, unknown>;

/**
 * The in-cluster mesh stack's ASM installs with their `triggers_replace` alone, reading the fleet
 * project's number under `name` from a built-in `terraform_remote_state` that stands in for
 * `data.google_project` (no provider download, offline).
 */
function installsReadingFleetAs(name: string, fleetState: string): { json: Block; assets: Map<string, string> } {
  const mesh = synth(buildApp(newApp(), config(TWO_CLUSTERS)).mesh);
  // The installs and the terraform_data they name, with what decides a replacement and nothing else.
  const installs = Object.entries((mesh.resource?.terraform_data ?? {}) as Record<string, Block>).filter(([id]) => /^asm-/.test(id));
  expect(installs.filter(([id]) => /_apply_/.test(id))).toHaveLength(2);
  const text = JSON.stringify(Object.fromEntries(installs.map(([id, body]) => [id, { triggers_replace: body.triggers_replace, input: body.input }])));
  expect(text).toContain('${data.google_project.fleet-project.number}');
  const resources = JSON.parse(
    text
      .replaceAll('${data.google_project.fleet-project.number}', `\${data.terraform_remote_state.${name}.outputs.number}`)
      .replace(/\$\{data\.google_[^}]*\}/g, 'read-by-the-cluster'),
  );
  return {
    json: {
      data: { terraform_remote_state: { [name]: { backend: 'local', config: { path: fleetState } } } },
      resource: { terraform_data: resources },
    },
    assets: new Map(),
  };
}

describeWithTerraform('the fleet project read, renamed, under the real Terraform engine', () => {
  it('replaces no ASM install: the mesh ID it builds reads the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-read-'));
    try {
      const fleetState = path.join(dir, 'fleet.tfstate');
      fs.writeFileSync(
        fleetState,
        JSON.stringify({
          version: 4,
          terraform_version: '1.7.0',
          serial: 1,
          lineage: 'fleet',
          outputs: { number: { value: '123456789', type: 'string' } },
          resources: [],
        }),
      );
      const workdir = new TerraformWorkdir({ ...process.env } as Record<string, string>);
      const before = workdir.apply(installsReadingFleetAs('project', fleetState));
      expect(before.output).toMatch(/Apply complete! Resources: [1-9]\d* added, 0 changed, 0 destroyed\./);
      workdir.write(installsReadingFleetAs('fleet-project', fleetState));
      const plan = workdir.run(['plan', '-input=false', '-no-color', '-detailed-exitcode']);
      expect(plan.output).toContain('No changes.');
      expect(plan.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

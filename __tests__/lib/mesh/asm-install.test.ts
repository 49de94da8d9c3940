import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { TerraformResource } from 'cdktf';
import { AsmInstall } from '../../../lib/mesh/asm-install';
import { logicalId, REPO_ROOT, resourceAt, resources, synth, type SynthJson, testStack } from '../../helpers';
import { BASE, EGRESS, IDENTITY, install, PINNED, SCRIPT, sha256 } from './asm-install-fixture';

/** `assets/<logicalId>/<HASH>/<file>`, as cdktf lays out a file asset of the construct `asm/<assetId>`. */
const asset = (assetId: string, file: string) => `assets/asm_${assetId}_[0-9A-F]{8}/[0-9A-F]{32}/${file.replace(/\./g, '\\.')}`;
const SCRIPT_ASSET = asset('script', 'asm-install.sh');

type LocalExec = { command: string; environment: Record<string, string>; when?: string };

function provisioners(resource: Record<string, unknown>): LocalExec[] {
  return (resource.provisioner as { 'local-exec': LocalExec }[]).map((provisioner) => {
    expect(Object.keys(provisioner)).toEqual(['local-exec']);
    return provisioner['local-exec'];
  });
}

describe('AsmInstall', () => {
  describe('with defaults', () => {
    let construct: AsmInstall;
    let json: SynthJson;
    let resource: Record<string, unknown>;
    let run: Record<string, unknown>;
    let create: LocalExec;
    let destroy: LocalExec;

    beforeAll(() => {
      ({ construct, json, resource, run } = install(BASE));
      [create] = provisioners(run);
      [destroy] = provisioners(resource);
    });

    it('creates two terraform_data resources, the revision and its install run, and nothing else', () => {
      expect(Object.keys(json.resource ?? {})).toEqual(['terraform_data']);
      expect(resources(json, 'terraform_data')).toHaveLength(2);
      expect(Object.keys(resource).sort()).toEqual(['input', 'lifecycle', 'provisioner', 'triggers_replace']);
      expect(Object.keys(run).sort()).toEqual(['lifecycle', 'provisioner', 'triggers_replace']);
      expect(construct.resource).toBeInstanceOf(TerraformResource);
      expect(construct.applyResource.terraformResourceType).toBe('terraform_data');
    });

    it('replaces the revision only with the cluster or the revision, creating before destroying', () => {
      expect(resource.triggers_replace).toEqual({ cluster: 'mesh-project/us-central1/alpha', revision: 'asm-1234' });
      // A deposed object runs no destroy-time provisioner: the old revision is not uninstalled.
      expect(resource.lifecycle).toEqual({ create_before_destroy: true });
      expect(run.lifecycle).toEqual({ create_before_destroy: true });
    });

    it('re-runs the install when the cluster, asmcli version, published digest, revision, options or installer change', () => {
      const triggers = {
        cluster: 'mesh-project/us-central1/alpha',
        fleet: 'mesh-project',
        mesh_id: BASE.meshId,
        network: BASE.network,
        asmcli_version: '1.23',
        asmcli_sha256: 'published',
        revision: 'asm-1234',
        options: '',
        installer_sha256: sha256(SCRIPT),
      };
      expect(run.triggers_replace).toEqual({ ...triggers, revision_id: `\${terraform_data.${logicalId(json, 'terraform_data', 'asm/install')}.id}` });
      expect(construct.triggers).toEqual(triggers);
    });

    it('hashes the installer script itself', () => {
      expect(construct.triggers.installer_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(construct.triggers.installer_sha256).toBe(
        createHash('sha256')
          .update(fs.readFileSync(path.join(REPO_ROOT, 'lib/mesh/asm-install.sh'), 'utf8'))
          .digest('hex'),
      );
    });

    it('keeps what uninstall needs in its input, with the public endpoint by default', () => {
      expect(resource.input).toEqual({
        ASM_PROJECT: 'mesh-project',
        ASM_CLUSTER: 'alpha',
        ASM_LOCATION: 'us-central1',
        ASM_REVISION: 'asm-1234',
        ASM_PRIVATE_ENDPOINT: 'false',
      });
    });

    it('installs from the run, uninstalls only from the revision: one local-exec each', () => {
      expect(provisioners(run)).toHaveLength(1);
      expect(provisioners(resource)).toHaveLength(1);
      expect(create).not.toHaveProperty('when');
      expect(destroy.when).toBe('destroy');
    });

    it('installs by running the script asset with no overlay', () => {
      expect(create.command).toMatch(new RegExp(`^bash ${SCRIPT_ASSET} install$`));
      expect(construct.installCommand).toBe(create.command);
    });

    it('passes the target, the fleet (the project by default), mesh, network and asmcli version, with no pinned digest or options', () => {
      expect(create.environment).toEqual({
        ASM_PROJECT: 'mesh-project',
        ASM_CLUSTER: 'alpha',
        ASM_LOCATION: 'us-central1',
        ASM_REVISION: 'asm-1234',
        ASM_PRIVATE_ENDPOINT: 'false',
        ASM_FLEET_PROJECT: 'mesh-project',
        ASM_MESH_ID: 'proj-123456789',
        ASM_NETWORK: 'mesh',
        ASM_ASMCLI_VERSION: '1.23',
        ASM_ASMCLI_SHA256: '',
        ASM_OPTIONS: '',
      });
    });

    it('uninstalls with the same script, reading only self.input at destroy time', () => {
      const scriptPath = create.command.split(' ')[1];
      expect(destroy.command).toBe(`bash ${scriptPath} uninstall`);
      expect(destroy.environment).toEqual({
        ASM_PROJECT: '${self.input.ASM_PROJECT}',
        ASM_CLUSTER: '${self.input.ASM_CLUSTER}',
        ASM_LOCATION: '${self.input.ASM_LOCATION}',
        ASM_REVISION: '${self.input.ASM_REVISION}',
        ASM_PRIVATE_ENDPOINT: '${self.input.ASM_PRIVATE_ENDPOINT}',
      });
      expect(Object.keys(destroy.environment).sort()).toEqual(Object.keys(resource.input as object).sort());
    });

    it('depends on nothing', () => {
      expect(resource).not.toHaveProperty('depends_on');
      expect(run).not.toHaveProperty('depends_on');
    });

    it('exposes the revision', () => {
      expect(construct.revision).toBe('asm-1234');
    });
  });

  describe('with every option', () => {
    let construct: AsmInstall;
    let resource: Record<string, unknown>;
    let run: Record<string, unknown>;
    let create: LocalExec;
    let destroy: LocalExec;

    beforeAll(() => {
      const stack = testStack();
      const mesh = new ProjectService(stack, 'mesh-api', { service: 'mesh.googleapis.com' });
      const fleet = new ProjectService(stack, 'fleet-api', { service: 'gkehub.googleapis.com' });
      construct = new AsmInstall(stack, 'asm', {
        ...BASE,
        fleetProject: 'fleet-host',
        asmcliVersion: '1.23.4-asm.1+config1',
        asmcliSha256: PINNED,
        overlays: [{ file: EGRESS }, { file: IDENTITY }],
        options: ['envoy-access-log', 'cloudtrace'],
        usePrivateEndpoint: true,
        dependsOn: [mesh, fleet],
      });
      const json = synth(stack);
      resource = resourceAt(json, 'terraform_data', 'asm/install');
      run = resourceAt(json, 'terraform_data', 'asm/apply');
      [create] = provisioners(run);
      [destroy] = provisioners(resource);
    });

    it('adds one trigger per overlay, keyed by index and file name, valued by its content hash', () => {
      const triggers = {
        cluster: 'mesh-project/us-central1/alpha',
        fleet: 'fleet-host',
        mesh_id: 'proj-123456789',
        network: 'mesh',
        asmcli_version: '1.23.4-asm.1+config1',
        asmcli_sha256: PINNED,
        revision: 'asm-1234',
        options: 'envoy-access-log cloudtrace',
        installer_sha256: sha256(SCRIPT),
        'overlay_0_egress-registry-only.yaml': sha256(EGRESS),
        'overlay_1_multicluster-identity.yaml': sha256(IDENTITY),
      };
      expect(run.triggers_replace).toMatchObject(triggers);
      expect(construct.triggers).toEqual(triggers);
      expect(sha256(EGRESS)).not.toBe(sha256(IDENTITY));
    });

    it('passes each overlay asset to the install, in order', () => {
      expect(create.command).toMatch(
        new RegExp(`^bash ${SCRIPT_ASSET} install ${asset('overlay-0', 'egress-registry-only.yaml')} ${asset('overlay-1', 'multicluster-identity.yaml')}$`),
      );
      expect(construct.installCommand).toBe(create.command);
    });

    it('passes the fleet project, pinned digest, space-joined options and private endpoint', () => {
      expect(create.environment).toEqual({
        ASM_PROJECT: 'mesh-project',
        ASM_CLUSTER: 'alpha',
        ASM_LOCATION: 'us-central1',
        ASM_REVISION: 'asm-1234',
        ASM_PRIVATE_ENDPOINT: 'true',
        ASM_FLEET_PROJECT: 'fleet-host',
        ASM_MESH_ID: 'proj-123456789',
        ASM_NETWORK: 'mesh',
        ASM_ASMCLI_VERSION: '1.23.4-asm.1+config1',
        ASM_ASMCLI_SHA256: PINNED,
        ASM_OPTIONS: 'envoy-access-log cloudtrace',
      });
    });

    it('keeps the private endpoint in its input, for uninstall', () => {
      expect(resource.input).toEqual({
        ASM_PROJECT: 'mesh-project',
        ASM_CLUSTER: 'alpha',
        ASM_LOCATION: 'us-central1',
        ASM_REVISION: 'asm-1234',
        ASM_PRIVATE_ENDPOINT: 'true',
      });
      expect(destroy.environment.ASM_PRIVATE_ENDPOINT).toBe('${self.input.ASM_PRIVATE_ENDPOINT}');
    });

    it('uninstalls without overlays', () => {
      expect(destroy.command).toMatch(new RegExp(`^bash ${SCRIPT_ASSET} uninstall$`));
      expect(destroy.command).toBe(`bash ${create.command.split(' ')[1]} uninstall`);
    });

    it('passes dependsOn through', () => {
      expect(resource.depends_on).toEqual(['google_project_service.mesh-api', 'google_project_service.fleet-api']);
    });
  });

  it('passes a fleet project as ASM_FLEET_PROJECT', () => {
    const { run } = install({ ...BASE, fleetProject: 'fleet-host' });
    expect(provisioners(run)[0].environment.ASM_FLEET_PROJECT).toBe('fleet-host');
  });
});

describe('AsmInstall trust domain aliases', () => {
  it('passes them to the installer and re-installs when they change', () => {
    const install = new AsmInstall(testStack(), 'asm', { ...BASE, trustDomainAliases: ['fleet.svc.id.goog', 'apps.svc.id.goog'] });
    expect(install.triggers.trust_domain_aliases).toBe('fleet.svc.id.goog apps.svc.id.goog');
    expect(new AsmInstall(testStack(), 'asm', BASE).triggers).not.toHaveProperty('trust_domain_aliases');
  });

  it('refuses an alias that is not a trust domain', () => {
    expect(() => new AsmInstall(testStack(), 'asm', { ...BASE, trustDomainAliases: ['Not A Domain'] })).toThrow(
      new Error('AsmInstall: props.trustDomainAliases[0] must be a trust domain such as my-project.svc.id.goog, got "Not A Domain"'),
    );
  });
});

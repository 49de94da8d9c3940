import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { TerraformResource } from 'cdktf';
import { AsmInstall, AsmInstallProps } from '../../lib/asm-install';
import { REPO_ROOT, resourceAt, resources, scope, synth, SynthJson, testStack } from '../helpers';

const SCRIPT = path.join(REPO_ROOT, 'lib', 'asm-install.sh');
const EGRESS = path.join(REPO_ROOT, 'overlays', 'egress-registry-only.yaml');
const IDENTITY = path.join(REPO_ROOT, 'overlays', 'multicluster-identity.yaml');
const PINNED = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const BASE: AsmInstallProps = {
  project: 'mesh-project',
  clusterName: 'alpha',
  clusterLocation: 'us-central1',
  meshId: 'proj-123456789',
  network: 'mesh',
  revision: 'asm-1234',
  asmcliVersion: '1.23',
};

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

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

function install(props: AsmInstallProps): { construct: AsmInstall; json: SynthJson; resource: Record<string, unknown> } {
  const stack = testStack();
  const construct = new AsmInstall(stack, 'asm', props);
  const json = synth(stack);
  return { construct, json, resource: resourceAt(json, 'terraform_data', 'asm/install') };
}

describe('AsmInstall', () => {
  describe('with defaults', () => {
    let construct: AsmInstall;
    let json: SynthJson;
    let resource: Record<string, unknown>;
    let create: LocalExec;
    let destroy: LocalExec;

    beforeAll(() => {
      ({ construct, json, resource } = install(BASE));
      [create, destroy] = provisioners(resource);
    });

    it('creates one terraform_data resource and nothing else', () => {
      expect(Object.keys(json.resource ?? {})).toEqual(['terraform_data']);
      expect(resources(json, 'terraform_data')).toHaveLength(1);
      expect(Object.keys(resource).sort()).toEqual(['input', 'provisioner', 'triggers_replace']);
      expect(construct.resource).toBeInstanceOf(TerraformResource);
      expect(construct.resource.terraformResourceType).toBe('terraform_data');
    });

    it('is replaced when the cluster, asmcli version, published digest, revision, options or installer change', () => {
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
      expect(resource.triggers_replace).toEqual(triggers);
      expect(construct.triggers).toEqual(triggers);
    });

    it('hashes the installer script itself', () => {
      expect(construct.triggers.installer_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(construct.triggers.installer_sha256).toBe(createHash('sha256').update(fs.readFileSync(path.join(REPO_ROOT, 'lib/asm-install.sh'), 'utf8')).digest('hex'));
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

    it('has exactly a create and a destroy local-exec provisioner', () => {
      expect(provisioners(resource)).toHaveLength(2);
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
    });

    it('exposes the revision', () => {
      expect(construct.revision).toBe('asm-1234');
    });
  });

  describe('with every option', () => {
    let construct: AsmInstall;
    let resource: Record<string, unknown>;
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
      resource = resourceAt(synth(stack), 'terraform_data', 'asm/install');
      [create, destroy] = provisioners(resource);
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
      expect(resource.triggers_replace).toEqual(triggers);
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

  describe('overlay content', () => {
    let dir: string;
    let first: string;
    let second: string;

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-install-test-'));
      first = path.join(dir, 'first.yaml');
      second = path.join(dir, 'second.yaml');
      fs.writeFileSync(first, 'spec:\n  meshConfig:\n    accessLogFile: /dev/stdout\n');
      fs.writeFileSync(second, 'spec:\n  values:\n    global:\n      network: ${NETWORK}\n');
    });

    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const triggers = () => install({ ...BASE, overlays: [{ file: first }, { file: second }] }).construct.triggers;

    it('re-runs the install when one overlay changes, changing only that overlay\'s trigger', () => {
      const before = triggers();
      expect(before['overlay_0_first.yaml']).toBe(sha256(first));
      expect(before['overlay_1_second.yaml']).toBe(sha256(second));

      fs.writeFileSync(first, 'spec:\n  meshConfig:\n    accessLogFile: ""\n');
      const after = triggers();
      expect(after['overlay_0_first.yaml']).toBe(sha256(first));
      expect(after['overlay_0_first.yaml']).not.toBe(before['overlay_0_first.yaml']);
      expect({ ...after, 'overlay_0_first.yaml': before['overlay_0_first.yaml'] }).toEqual(before);
    });

    it('keeps every trigger when nothing changes', () => {
      expect(triggers()).toEqual(triggers());
    });

    it('names the trigger after the overlay\'s position, so reordering re-runs the install', () => {
      const swapped = install({ ...BASE, overlays: [{ file: second }, { file: first }] }).construct.triggers;
      expect(swapped['overlay_0_second.yaml']).toBe(sha256(second));
      expect(swapped['overlay_1_first.yaml']).toBe(sha256(first));
      expect(swapped).not.toHaveProperty('overlay_0_first.yaml');
    });
  });

  it('changes only the options trigger when an option is added', () => {
    const before = install({ ...BASE, options: ['cloudtrace'] }).construct.triggers;
    const after = install({ ...BASE, options: ['cloudtrace', 'envoy-access-log'] }).construct.triggers;
    expect(before.options).toBe('cloudtrace');
    expect(after).toEqual({ ...before, options: 'cloudtrace envoy-access-log' });
  });

  it('passes a fleet project as ASM_FLEET_PROJECT', () => {
    const { resource } = install({ ...BASE, fleetProject: 'fleet-host' });
    expect(provisioners(resource)[0].environment.ASM_FLEET_PROJECT).toBe('fleet-host');
  });

  describe('validation', () => {
    const build = (overrides: Partial<AsmInstallProps>) => () => new AsmInstall(scope(), 'asm', { ...BASE, ...overrides });

    it('accepts the base props, and every overlay in the repository', () => {
      expect(build({})).not.toThrow();
      const overlays = fs.readdirSync(path.join(REPO_ROOT, 'overlays')).map((file) => ({ file: path.join(REPO_ROOT, 'overlays', file) }));
      expect(overlays.length).toBeGreaterThan(0);
      expect(build({ overlays })).not.toThrow();
    });

    it.each(['', 'Alpha', '1alpha', 'alpha-', 'alpha_beta', 'a'.repeat(41)])('refuses clusterName %j', (clusterName) => {
      expect(build({ clusterName })).toThrow(new Error(`AsmInstall: props.clusterName must be an RFC 1035 label of at most 40 characters, got "${clusterName}"`));
    });

    it.each(['a', 'alpha-2', 'a'.repeat(40)])('accepts clusterName %j', (clusterName) => {
      expect(build({ clusterName })).not.toThrow();
    });

    it.each(['', 'asm_1234', 'ASM-1234', '1234', 'asm-1234-', 'asm.1234', 'a'.repeat(64)])('refuses revision %j', (revision) => {
      expect(build({ revision })).toThrow(new Error(`AsmInstall: props.revision must be an RFC 1035 label of at most 63 characters, got "${revision}"`));
    });

    it.each(['a', 'asm-1234', 'asm-managed-rapid', 'a'.repeat(63)])('accepts revision %j', (revision) => {
      expect(build({ revision })).not.toThrow();
    });

    it.each(['', 'latest', '1', '1.', 'v1.23', '.23', 'one.two'])('refuses asmcliVersion %j', (asmcliVersion) => {
      expect(build({ asmcliVersion })).toThrow(new Error(`AsmInstall: props.asmcliVersion must be an asmcli release line such as 1.28, or a full version such as 1.28.5-asm.12+config1, got "${asmcliVersion}"`));
    });

    it.each(['1.23', '1.9', '10.0', '1.23.4-asm.1+config1'])('accepts asmcliVersion %j', (asmcliVersion) => {
      expect(build({ asmcliVersion })).not.toThrow();
    });

    // The version is spliced into the download URL (and, unpinned, the digest's URL): only a
    // release may pass, or a path could move both the download and its check elsewhere.
    it.each(['1.23/../../../other-bucket/asmcli', '1.23 --help', '1.23x'])('refuses asmcliVersion %j, which only starts with a release', (asmcliVersion) => {
      expect(build({ asmcliVersion })).toThrow(new Error(`AsmInstall: props.asmcliVersion must be an asmcli release line such as 1.28, or a full version such as 1.28.5-asm.12+config1, got "${asmcliVersion}"`));
    });

    it.each(['', PINNED.toUpperCase(), PINNED.slice(1), `${PINNED}0`, 'g'.repeat(64), `sha256:${PINNED}`, ` ${PINNED.slice(1)}`])('refuses asmcliSha256 %j', (asmcliSha256) => {
      expect(build({ asmcliSha256 })).toThrow(new Error(`AsmInstall: props.asmcliSha256 must be 64 lowercase hex digits (a SHA-256 digest), got "${asmcliSha256}"`));
    });

    it.each([PINNED, 'f'.repeat(64), '0'.repeat(64)])('accepts asmcliSha256 %j', (asmcliSha256) => {
      expect(build({ asmcliSha256 })).not.toThrow();
    });

    it('refuses a missing overlay file, naming its index and path', () => {
      const missing = path.join(REPO_ROOT, 'overlays', 'missing.yaml');
      expect(build({ overlays: [{ file: EGRESS }, { file: missing }] })).toThrow(new Error(`AsmInstall: props.overlays[1].file does not exist: ${missing}`));
      expect(build({ overlays: [{ file: missing }, { file: EGRESS }] })).toThrow(new Error(`AsmInstall: props.overlays[0].file does not exist: ${missing}`));
    });

    it('accepts an empty overlay list', () => {
      expect(build({ overlays: [] })).not.toThrow();
    });

    it.each(['', 'Cloudtrace', 'envoy_access_log', 'cloudtrace-', '1option', '--option', 'a b', 'a'.repeat(64)])('refuses option %j, naming its index', (option) => {
      expect(build({ options: ['cloudtrace', option] })).toThrow(
        new Error(`AsmInstall: props.options[1] must be an RFC 1035 label of at most 63 characters, got "${option}"`),
      );
    });

    it.each([[[]], [['cloudtrace']], [['envoy-access-log', 'a'.repeat(63)]]])('accepts options %j', (options) => {
      expect(build({ options })).not.toThrow();
    });
  });
});

describe('AsmInstall triggers on what the overlays are filled with', () => {
  it.each([
    ['meshId', { meshId: 'proj-999' }, 'mesh_id'],
    ['network', { network: 'other-net' }, 'network'],
    ['fleetProject', { fleetProject: 'fleet-two' }, 'fleet'],
  ] as const)('re-runs the install when %s changes', (_prop, change, key) => {
    const before = new AsmInstall(testStack(), 'asm', BASE).triggers;
    const after = new AsmInstall(testStack(), 'asm', { ...BASE, ...change }).triggers;
    expect(after[key]).not.toBe(before[key]);
    expect({ ...after, [key]: '' }).toEqual({ ...before, [key]: '' });
  });

  it('does not re-run the install when only the way Terraform reaches the cluster changes', () => {
    expect(new AsmInstall(testStack(), 'asm', { ...BASE, usePrivateEndpoint: true }).triggers).toEqual(new AsmInstall(testStack(), 'asm', BASE).triggers);
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

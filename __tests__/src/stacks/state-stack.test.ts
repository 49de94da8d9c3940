import * as os from 'os';
import { Testing } from 'cdktf';
import { PolicyChecks } from '../../../lib/policy/policy-checks';
import { buildApp } from '../../../src/stacks/app';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';
import { synthesizedApp } from '../../app-helpers';
import { problemsOf } from '../config/load-fixture';
import type { SynthesizedStack } from '../../../lib/core/synthesized-stack';

const stateStackOf = (stacks: object) => (stacks as Record<string, SynthesizedStack>).state;

const WITH_BUCKET = `${TWO_CLUSTERS}state: { bucket: acme-mesh-tfstate }\n`;

describe('state: local (the default)', () => {
  const { stacks } = synthesizedApp(config(TWO_CLUSTERS));

  it('keeps each stack local under a relative path, beside cdktf.out', () => {
    for (const name of ['platform', 'mesh', 'workloads'] as const) {
      expect(stacks[name].json.terraform?.backend).toEqual({ local: { path: `../../../terraform.${name}.tfstate` } });
    }
    expect(Object.keys(stacks)).toEqual(['platform', 'mesh', 'workloads']);
  });

  it('writes no path of the machine that synthesized it', () => {
    const text = JSON.stringify(Object.values(stacks).map((stack) => stack.json));
    for (const machinePath of [REPO_ROOT, process.cwd(), os.homedir()]) expect(text).not.toContain(machinePath);
  });
});

describe('state: in a Cloud Storage bucket', () => {
  const meshConfig = config(`${TWO_CLUSTERS}state: { bucket: acme-mesh-tfstate, prefix: meshes/prod }\n`);
  const { stacks } = synthesizedApp(meshConfig);

  it('puts every stack in the bucket under <prefix>/<stack>, and keeps the state stack local', () => {
    for (const name of ['platform', 'mesh', 'workloads'] as const) {
      expect(stacks[name].json.terraform?.backend).toEqual({ gcs: { bucket: 'acme-mesh-tfstate', prefix: `meshes/prod/${name}` } });
    }
    const state = stateStackOf(stacks);
    expect(state.json.terraform?.backend).toEqual({ local: { path: '../../../terraform.state.tfstate' } });
  });

  it('creates the bucket hardened: versioned, uniform access, public access prevented, soft delete kept, never destroyed', () => {
    const state = stateStackOf(stacks);
    const [bucket] = state.resources('google_storage_bucket');
    expect(bucket.config).toMatchObject({
      project: 'test-project',
      name: 'acme-mesh-tfstate',
      location: 'us-central1',
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      soft_delete_policy: { retention_duration_seconds: 604800 },
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(bucket.config.encryption).toBeUndefined();
    expect(state.resources('google_project_service').map((api) => api.config.service)).toEqual(['storage.googleapis.com']);
  });

  it('passes the policy checks with the stack in the app', () => {
    const app = Testing.stubVersion(Testing.app());
    buildApp(app, meshConfig);
    expect(() => new PolicyChecks({ waivers: [] }).enforce(app)).not.toThrow();
  });

  it('defaults the prefix to the network name, and the project and location to the top level', () => {
    const resolved = config(WITH_BUCKET);
    expect(resolved.state).toMatchObject({ backend: 'gcs', bucket: 'acme-mesh-tfstate', prefix: 'asm-mesh', project: 'test-project', location: 'us-central1' });
    expect(resolved.state.backend === 'gcs' && resolved.state.prefixOf('mesh')).toBe('asm-mesh/mesh');
  });
});

describe('state: with a customer-managed key', () => {
  const key = 'projects/kms-project/locations/us-central1/keyRings/mesh/cryptoKeys/state';
  const state = stateStackOf(synthesizedApp(config(`${TWO_CLUSTERS}state: { bucket: acme-mesh-tfstate, location: US, kmsKeyName: ${key} }\n`)).stacks);

  it("encrypts with the key, after granting it to Cloud Storage's service agent", () => {
    const [bucket] = state.resources('google_storage_bucket');
    expect(bucket.config).toMatchObject({ location: 'US', encryption: { default_kms_key_name: key } });
    const [grant] = state.resources('google_kms_crypto_key_iam_member');
    expect(grant.config).toMatchObject({ crypto_key_id: key, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter' });
    expect(grant.config.member).toMatch(/^\$\{data\.google_storage_project_service_account\.[\w-]+\.member\}$/);
    expect(bucket.config.depends_on).toContain(`google_kms_crypto_key_iam_member.${grant.name}`);
    expect(state.resources('google_project_service').map((api) => api.config.service)).toEqual(['cloudkms.googleapis.com', 'storage.googleapis.com']);
  });
});

describe('state config rules', () => {
  it.each([
    ['ab', 'must be a Cloud Storage bucket name (3-63 characters, or up to 222 with dots), got "ab"'],
    ['Acme-State', 'must be a Cloud Storage bucket name (lowercase letters, digits, -, _ and ., starting and ending with a letter or digit), got "Acme-State"'],
    ['google-state', 'must be a Cloud Storage bucket name (not starting with "goog" or containing "google"), got "google-state"'],
    ['192.168.5.4', 'must be a Cloud Storage bucket name (not an IP address), got "192.168.5.4"'],
    ['-state', 'must be a Cloud Storage bucket name (lowercase letters, digits, -, _ and ., starting and ending with a letter or digit), got "-state"'],
  ])('refuses the bucket %j, naming state.bucket', (bucket, message) => {
    expect(problemsOf(`${TWO_CLUSTERS}state: { bucket: "${bucket}" }\n`)).toEqual([`state.bucket: ${message}`]);
  });

  it.each(['acme-mesh-tfstate', 'a_b', 'state.example.com', `a${'b'.repeat(62)}`])('accepts the bucket %j', (bucket) => {
    expect(problemsOf(`${TWO_CLUSTERS}state: { bucket: "${bucket}" }\n`)).toEqual([]);
  });

  it('refuses bucket settings without a bucket, and a bad prefix, location or key', () => {
    expect(problemsOf(`${TWO_CLUSTERS}state: { prefix: mesh }\n`)).toEqual(['state.prefix: applies only with state.bucket (remote state in Cloud Storage)']);
    expect(problemsOf(`${TWO_CLUSTERS}state: { bucket: acme-state, prefix: /mesh/ }\n`)).toEqual([
      'state.prefix: must be a path such as mesh/prod (letters, digits, ., _ and -, segments joined by /, at most 200 characters), got "/mesh/"',
    ]);
    expect(problemsOf(`${TWO_CLUSTERS}state: { bucket: acme-state, location: moon }\n`)).toEqual([
      'state.location: must be a region such as us-central1 or a multi-region such as US or EU, got "moon"',
    ]);
    expect(problemsOf(`${TWO_CLUSTERS}state: { bucket: acme-state, kmsKeyName: my-key }\n`)).toEqual([
      'state.kmsKeyName: must be a Cloud KMS key (projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY), got "my-key"',
    ]);
  });
});

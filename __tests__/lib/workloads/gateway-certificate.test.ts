import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformOutput, Token } from 'cdktf';
import { CERTIFICATE_VARIABLE, GatewayCertificate, type GatewayCertificateProps, PRIVATE_KEY_VARIABLE } from '../../../lib/workloads/gateway-certificate';
import { resourceAt, scope, synth, type SynthJson, testStack } from '../../helpers';

const HOST = 'hello.example.com';

/** A stack with the certificate, its PEMs exported as sensitive outputs `certificate` and `key`. */
function build(props: GatewayCertificateProps) {
  const stack = testStack();
  if (props.source.kind === 'self-signed') new TlsProvider(stack, 'tls');
  const construct = new GatewayCertificate(stack, 'cert', props);
  new TerraformOutput(stack, 'certificate', { value: construct.certificatePem, sensitive: true });
  new TerraformOutput(stack, 'key', { value: construct.privateKeyPem, sensitive: true });
  return { construct, json: synth(stack) };
}

function onlyId(json: SynthJson, kind: 'resource' | 'data', type: string, prefix: string): string {
  const ids = Object.keys(json[kind]?.[type] ?? {}).filter((id) => new RegExp(`^${prefix}_[0-9A-F]{8}$`).test(id));
  if (ids.length !== 1) throw new Error(`expected one ${type} ${prefix}, found ${ids.length}`);
  return ids[0];
}

function withoutMetadata(value: Record<string, unknown>): Record<string, unknown> {
  const { ['//']: _metadata, ...rest } = value;
  return rest;
}

describe('GatewayCertificate', () => {
  it('names the variables for TF_VAR_', () => {
    expect(CERTIFICATE_VARIABLE).toBe('ingress_tls_certificate');
    expect(PRIVATE_KEY_VARIABLE).toBe('ingress_tls_private_key');
  });

  describe('from variables', () => {
    let construct: GatewayCertificate;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = build({ host: HOST, source: { kind: 'variable' } }));
    });

    it('declares exactly two variables, with fixed logical IDs', () => {
      expect(Object.keys(json.variable ?? {}).sort()).toEqual(['ingress_tls_certificate', 'ingress_tls_private_key']);
    });

    it('makes them sensitive, non-nullable strings without defaults', () => {
      expect(json.variable?.ingress_tls_certificate).toEqual({
        type: 'string',
        sensitive: true,
        nullable: false,
        description: 'PEM certificate chain for hello.example.com (leaf first).',
      });
      expect(json.variable?.ingress_tls_private_key).toEqual({
        type: 'string',
        sensitive: true,
        nullable: false,
        description: 'PEM private key for hello.example.com.',
      });
    });

    it('exposes references to the variables', () => {
      expect(Token.isUnresolved(construct.certificatePem)).toBe(true);
      expect(Token.isUnresolved(construct.privateKeyPem)).toBe(true);
      expect(json.output?.certificate.value).toBe('${var.ingress_tls_certificate}');
      expect(json.output?.key.value).toBe('${var.ingress_tls_private_key}');
    });

    it('creates no resource or data source', () => {
      expect(json).not.toHaveProperty('resource');
      expect(json).not.toHaveProperty('data');
    });
  });

  describe('from Secret Manager', () => {
    let json: SynthJson;
    let certificateId: string;
    let keyId: string;

    beforeAll(() => {
      ({ json } = build({
        host: HOST,
        source: {
          kind: 'secret-manager',
          certificate: { project: 'certs-project', secret: 'ingress-cert' },
          privateKey: { project: 'keys-project', secret: 'ingress-key', version: '7' },
        },
      }));
      certificateId = onlyId(json, 'data', 'google_secret_manager_secret_version', 'cert_certificate');
      keyId = onlyId(json, 'data', 'google_secret_manager_secret_version', 'cert_private-key');
    });

    it('reads two secret versions, latest unless given', () => {
      expect(Object.keys(json.data ?? {})).toEqual(['google_secret_manager_secret_version']);
      expect(Object.keys(json.data?.google_secret_manager_secret_version ?? {})).toHaveLength(2);
      expect(withoutMetadata(json.data!.google_secret_manager_secret_version[certificateId])).toEqual({
        project: 'certs-project',
        secret: 'ingress-cert',
        version: 'latest',
      });
      expect(withoutMetadata(json.data!.google_secret_manager_secret_version[keyId])).toEqual({ project: 'keys-project', secret: 'ingress-key', version: '7' });
    });

    it('exposes references to their secret_data', () => {
      expect(json.output?.certificate.value).toBe(`\${data.google_secret_manager_secret_version.${certificateId}.secret_data}`);
      expect(json.output?.key.value).toBe(`\${data.google_secret_manager_secret_version.${keyId}.secret_data}`);
    });

    it('creates no resource or variable', () => {
      expect(json).not.toHaveProperty('resource');
      expect(json).not.toHaveProperty('variable');
    });
  });

  describe('self-signed', () => {
    let json: SynthJson;
    let keyId: string;
    let certificateId: string;

    beforeAll(() => {
      ({ json } = build({ host: HOST, source: { kind: 'self-signed' } }));
      keyId = onlyId(json, 'resource', 'tls_private_key', 'cert_private-key');
      certificateId = onlyId(json, 'resource', 'tls_self_signed_cert', 'cert_certificate');
    });

    it('creates only a private key and a self-signed certificate', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual(['tls_private_key', 'tls_self_signed_cert']);
      expect(json).not.toHaveProperty('variable');
      expect(json).not.toHaveProperty('data');
    });

    it('generates an ECDSA P-256 key', () => {
      expect(resourceAt(json, 'tls_private_key', 'cert/private-key')).toEqual({ algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    });

    it('signs a server certificate for the host, valid 90 days, renewed 30 days early', () => {
      expect(resourceAt(json, 'tls_self_signed_cert', 'cert/certificate')).toEqual({
        private_key_pem: `\${tls_private_key.${keyId}.private_key_pem}`,
        subject: [{ common_name: HOST, organization: 'asm-multicluster development' }],
        dns_names: [HOST],
        validity_period_hours: 2160,
        early_renewal_hours: 720,
        allowed_uses: ['digital_signature', 'key_encipherment', 'server_auth'],
      });
    });

    it('exposes references to the certificate and key', () => {
      expect(json.output?.certificate.value).toBe(`\${tls_self_signed_cert.${certificateId}.cert_pem}`);
      expect(json.output?.key.value).toBe(`\${tls_private_key.${keyId}.private_key_pem}`);
    });
  });

  it.each([
    [1, 24, 0],
    [10, 240, 72],
    [30, 720, 240],
    [365, 8760, 720],
    [397, 9528, 720],
  ])('makes a %p-day certificate valid %p hours, renewed %p hours early', (validityDays, validityHours, earlyRenewalHours) => {
    const { json } = build({ host: HOST, source: { kind: 'self-signed' }, validityDays });
    const certificate = resourceAt(json, 'tls_self_signed_cert', 'cert/certificate');
    expect(certificate.validity_period_hours).toBe(validityHours);
    expect(certificate.early_renewal_hours).toBe(earlyRenewalHours);
  });

  it('puts a wildcard host in the certificate as given', () => {
    const { json } = build({ host: '*.apps.example.org', source: { kind: 'self-signed' } });
    const certificate = resourceAt(json, 'tls_self_signed_cert', 'cert/certificate');
    expect(certificate.dns_names).toEqual(['*.apps.example.org']);
    expect(certificate.subject).toEqual([{ common_name: '*.apps.example.org', organization: 'asm-multicluster development' }]);
  });

  it.each<[string, GatewayCertificateProps['source']]>([
    ['variable', { kind: 'variable' }],
    ['secret-manager', { kind: 'secret-manager', certificate: { project: 'p', secret: 'c' }, privateKey: { project: 'p', secret: 'k' } }],
    ['self-signed', { kind: 'self-signed' }],
  ])('puts no key material in the JSON (%s)', (_kind, source) => {
    const { json } = build({ host: HOST, source });
    const text = JSON.stringify(json);
    expect(text).not.toContain('BEGIN');
    expect(text).not.toContain('PRIVATE KEY');
    expect(json.output?.certificate.sensitive).toBe(true);
    expect(json.output?.key.value).toMatch(/^\$\{[^}]+\}$/);
    expect(json.output?.certificate.value).toMatch(/^\$\{[^}]+\}$/);
  });

  describe('validation', () => {
    const attempt =
      (validityDays: number, kind: 'self-signed' | 'variable' = 'self-signed') =>
      () => {
        const stack = scope();
        new TlsProvider(stack, 'tls');
        new GatewayCertificate(stack, 'cert', { host: HOST, source: { kind }, validityDays });
      };

    it.each([0, -1, 398, 1.5, NaN, Infinity])('refuses validityDays %p', (validityDays) => {
      expect(attempt(validityDays)).toThrow(new Error(`GatewayCertificate: props.validityDays must be 1-397 days, got ${validityDays}`));
    });

    it('checks validityDays whatever the source', () => {
      expect(attempt(0, 'variable')).toThrow(new Error('GatewayCertificate: props.validityDays must be 1-397 days, got 0'));
    });

    it.each([1, 90, 397])('accepts validityDays %p', (validityDays) => {
      expect(attempt(validityDays)).not.toThrow();
    });
  });
});

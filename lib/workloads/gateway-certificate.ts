import { DataGoogleSecretManagerSecretVersion } from '@cdktf/provider-google/lib/data-google-secret-manager-secret-version';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { requireProp } from '../core/validate';

export interface SecretVersionRef {
  readonly project: string;
  readonly secret: string;
  /** @default "latest" */
  readonly version?: string;
}

export type GatewayCertificateSource =
  | { readonly kind: 'self-signed' }
  | { readonly kind: 'variable' }
  | { readonly kind: 'secret-manager'; readonly certificate: SecretVersionRef; readonly privateKey: SecretVersionRef };

export interface GatewayCertificateProps {
  /** The DNS name the certificate must cover. */
  readonly host: string;
  /** Where the certificate comes from. */
  readonly source: GatewayCertificateSource;
  /** Self-signed only: validity in days. @default 90 */
  readonly validityDays?: number;
}

/** Names of the sensitive variables, for `cdktf deploy --var` and `TF_VAR_…`. */
export const CERTIFICATE_VARIABLE = 'ingress_tls_certificate';
export const PRIVATE_KEY_VARIABLE = 'ingress_tls_private_key';

/**
 * The ingress certificate and key as Terraform references, never as values in the JSON:
 * sensitive variables, Secret Manager secrets, or, for development only, a self-signed
 * certificate generated at apply time (the stack must declare the tls provider).
 */
export class GatewayCertificate extends Construct {
  /** PEM certificate chain (a reference). */
  public readonly certificatePem: string;
  /** PEM private key (a reference). */
  public readonly privateKeyPem: string;

  constructor(scope: Construct, id: string, props: GatewayCertificateProps) {
    super(scope, id);
    const validityDays = props.validityDays ?? 90;
    requireProp(
      Number.isInteger(validityDays) && validityDays >= 1 && validityDays <= 397,
      'GatewayCertificate',
      'validityDays',
      `must be 1-397 days, got ${validityDays}`,
    );
    switch (props.source.kind) {
      case 'variable': {
        const certificate = new TerraformVariable(this, CERTIFICATE_VARIABLE, {
          type: 'string',
          sensitive: true,
          nullable: false,
          description: `PEM certificate chain for ${props.host} (leaf first).`,
        });
        const key = new TerraformVariable(this, PRIVATE_KEY_VARIABLE, {
          type: 'string',
          sensitive: true,
          nullable: false,
          description: `PEM private key for ${props.host}.`,
        });
        certificate.overrideLogicalId(CERTIFICATE_VARIABLE);
        key.overrideLogicalId(PRIVATE_KEY_VARIABLE);
        this.certificatePem = certificate.stringValue;
        this.privateKeyPem = key.stringValue;
        break;
      }
      case 'secret-manager': {
        const read = (name: string, ref: SecretVersionRef) =>
          new DataGoogleSecretManagerSecretVersion(this, name, { project: ref.project, secret: ref.secret, version: ref.version ?? 'latest' }).secretData;
        this.certificatePem = read('certificate', props.source.certificate);
        this.privateKeyPem = read('private-key', props.source.privateKey);
        break;
      }
      default: {
        const key = new PrivateKey(this, 'private-key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
        const certificate = new SelfSignedCert(this, 'certificate', {
          privateKeyPem: key.privateKeyPem,
          subject: [{ commonName: props.host, organization: 'asm-multicluster development' }],
          dnsNames: [props.host],
          validityPeriodHours: validityDays * 24,
          earlyRenewalHours: Math.min(30, Math.floor(validityDays / 3)) * 24,
          allowedUses: ['digital_signature', 'key_encipherment', 'server_auth'],
        });
        this.certificatePem = certificate.certPem;
        this.privateKeyPem = key.privateKeyPem;
      }
    }
  }
}

import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformVariable } from 'cdktf';
import { type Construct } from 'constructs';
import { PrismaDefender } from '../../../lib/workloads/prisma-defender';
import { scope } from '../../helpers';
import { CONSOLE, IMAGE, type Props } from './prisma-defender-fixture';

describe('PrismaDefender', () => {
  describe('validation', () => {
    /** The Defender in `stack` with the base props, `overrides` applied. */
    const defender = (stack: Construct, overrides: Props) =>
      new PrismaDefender(stack, 'defender', {
        provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }),
        consoleAddress: CONSOLE,
        image: IMAGE,
        clusterName: 'alpha',
        installBundle: '${var.bundle}',
        serviceParameter: '${var.service_parameter}',
        websocketAddress: '${var.ws_address}',
        ...overrides,
      });
    const attempt = (overrides: Props) => () => {
      defender(scope(), overrides);
    };

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['', 'Twistlock', 'twist_lock', 'twistlock-', '-twistlock', '1twistlock', 'twist.lock', 'a'.repeat(64)])(
      'refuses the namespace %j',
      (namespace) => {
        expect(attempt({ namespace })).toThrow(
          new Error(`PrismaDefender: props.namespace must be an RFC 1035 label of at most 63 characters, got "${namespace}"`),
        );
      },
    );

    it.each(['a', 'twistlock', 'prisma-defender', 'a'.repeat(63)])('accepts the namespace %j', (namespace) => {
      expect(attempt({ namespace })).not.toThrow();
    });

    it.each([
      '',
      'garbage',
      'us-east1.cloud.twistlock.com',
      'us-east1.cloud.twistlock.com/us-1-123456789',
      'http://us-east1.cloud.twistlock.com/us-1-123456789',
      'wss://us-east1.cloud.twistlock.com',
      'ftp://us-east1.cloud.twistlock.com',
      'https://',
      '//us-east1.cloud.twistlock.com',
    ])('refuses the consoleAddress %j', (consoleAddress) => {
      expect(attempt({ consoleAddress })).toThrow(new Error(`PrismaDefender: props.consoleAddress must be an https:// URL, got "${consoleAddress}"`));
    });

    it.each([CONSOLE, 'https://console.example.com', 'https://console.example.com:8083/'])('accepts the consoleAddress %j', (consoleAddress) => {
      expect(attempt({ consoleAddress })).not.toThrow();
    });

    it.each([
      'registry-auth.twistlock.com/tw_abcdefghijklmnopqrstuvwxyz123456/twistlock/defender:defender_32_07_123',
      'tw_abcdefghijklmnop/twistlock/defender:defender_32_07_123',
      'registry.example.com/TW_ABCDEFGHIJKLMNOP1234',
    ])('refuses the image %j, which embeds a console token', (image) => {
      expect(attempt({ image })).toThrow(
        new Error(
          'PrismaDefender: props.image must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only',
        ),
      );
    });

    it.each([IMAGE, 'registry-auth.twistlock.com/twistlock/defender:defender_32_07_123', 'registry.example.com/defender@sha256:' + 'a'.repeat(64)])(
      'accepts the image %j',
      (image) => {
        expect(attempt({ image })).not.toThrow();
      },
    );

    it.each(['', ' ', '\t\n'])('refuses the clusterName %j', (clusterName) => {
      expect(attempt({ clusterName })).toThrow(new Error('PrismaDefender: props.clusterName must not be empty'));
    });

    it.each(['alpha', 'prod cluster 1'])('accepts the clusterName %j', (clusterName) => {
      expect(attempt({ clusterName })).not.toThrow();
    });

    const LITERALS = [
      '',
      'c2VjcmV0',
      'wss://us-east1.cloud.twistlock.com:443',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      'prefix ${var.bundle}',
      '${var.bundle} suffix',
      '${}',
    ];

    it.each(['installBundle', 'serviceParameter', 'websocketAddress'] as const)('refuses a literal %s', (prop) => {
      for (const value of LITERALS) {
        expect(attempt({ [prop]: value })).toThrow(
          new Error(`PrismaDefender: props.${prop} must be a reference (a sensitive variable), never a literal credential`),
        );
      }
    });

    it.each(['installBundle', 'serviceParameter', 'websocketAddress'] as const)('accepts a reference as %s', (prop) => {
      for (const value of ['${var.other}', '${data.google_secret_manager_secret_version.defender.secret_data}'])
        expect(attempt({ [prop]: value })).not.toThrow();
      const stack = scope();
      const variable = new TerraformVariable(stack, 'credential', { type: 'string', sensitive: true });
      expect(() => defender(stack, { [prop]: variable.stringValue })).not.toThrow();
    });
  });
});

describe('PrismaDefender input checks beyond the basics', () => {
  const attempt = (overrides: Partial<ConstructorParameters<typeof PrismaDefender>[2]>) => () => {
    const stack = scope();
    new PrismaDefender(stack, 'defender', {
      provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }),
      consoleAddress: 'https://us-east1.cloud.twistlock.com/us-1-1',
      image: 'us-docker.pkg.dev/p/twistlock/defender:defender_32_03_123',
      clusterName: 'alpha',
      installBundle: '${var.a}',
      serviceParameter: '${var.b}',
      websocketAddress: '${var.c}',
      ...overrides,
    });
  };

  it('refuses a credential that mixes a reference with a literal', () => {
    expect(attempt({ installBundle: '${var.a}literal${var.b}' })).toThrow(
      new Error('PrismaDefender: props.installBundle must be a reference (a sensitive variable), never a literal credential'),
    );
  });

  it.each(['registry-auth.twistlock.com/tw_short/defender:1', 'registry-auth.twistlock.com/tw_abc:defender_1'])(
    'refuses the token-bearing image %j',
    (image) => {
      expect(attempt({ image })).toThrow(
        new Error(
          'PrismaDefender: props.image must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only',
        ),
      );
    },
  );
});

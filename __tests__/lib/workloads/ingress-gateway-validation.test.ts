import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { IngressGateway, type IngressGatewayProps } from '../../../lib/workloads/ingress-gateway';
import { scope } from '../../helpers';

describe('IngressGateway', () => {
  describe('validation', () => {
    const attempt = (overrides: Partial<Omit<IngressGatewayProps, 'provider'>>) => () => {
      const stack = scope();
      new IngressGateway(stack, 'gw', {
        provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }),
        revision: 'asm-managed',
        host: 'hello.example.com',
        certificatePem: '${var.cert}',
        privateKeyPem: '${var.key}',
        ...overrides,
      });
    };

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['namespace', 'revision'] as const)('refuses bad values of %s', (prop) => {
      for (const value of ['', 'Istio-Ingress', 'istio_ingress', 'istio-ingress-', '-istio', '1istio', 'istio.ingress', 'a'.repeat(64)]) {
        expect(attempt({ [prop]: value })).toThrow(
          new Error(`IngressGateway: props.${prop} must be an RFC 1035 label of at most 63 characters, got "${value}"`),
        );
      }
    });

    it.each(['namespace', 'revision'] as const)('accepts good values of %s', (prop) => {
      for (const value of ['a', 'istio-ingress', 'asm-1-20', 'a'.repeat(63)]) expect(attempt({ [prop]: value })).not.toThrow();
    });

    it.each([
      '',
      'example',
      'Hello.example.com',
      'hello.example.com.',
      '-hello.example.com',
      'hello-.example.com',
      'hello..example.com',
      'hello.example.c',
      'hello.example.123',
      'hello_world.example.com',
      '*example.com',
      '*.*.example.com',
      'hello.*.example.com',
      '*',
      '*.com.',
      'https://hello.example.com',
      'hello.example.com/path',
      'hello.example.com:443',
      ' hello.example.com',
      '10.0.0.1',
    ])('refuses the host %j', (host) => {
      expect(attempt({ host })).toThrow(new Error(`IngressGateway: props.host must be a DNS name, got "${host}"`));
    });

    it.each(['hello.example.com', 'example.com', 'a.b.c.d.example.io', 'x-1.example.com', '1.example.com', '*.example.com', '*.apps.example.org'])(
      'accepts the host %j',
      (host) => {
        expect(attempt({ host })).not.toThrow();
      },
    );

    it('refuses a host with a label longer than 63 characters', () => {
      const host = `${'a'.repeat(64)}.example.com`;
      expect(attempt({ host })).toThrow(new Error(`IngressGateway: props.host must be a DNS name, got "${host}"`));
    });

    it.each([0, -1, 1.5, NaN])('refuses minReplicas %p', (minReplicas) => {
      expect(attempt({ minReplicas, maxReplicas: 5 })).toThrow(new Error(`IngressGateway: props.minReplicas must be a whole number >= 1, got ${minReplicas}`));
    });

    it.each([
      [2, 1, 'minReplicas must not be greater than maxReplicas (1), got 2'],
      [3, 2.5, 'maxReplicas must be a whole number >= 1, got 2.5'],
      [2, NaN, 'maxReplicas must be a whole number >= 1, got NaN'],
      [6, undefined, 'minReplicas must not be greater than maxReplicas (5), got 6'],
    ])('refuses minReplicas %p with maxReplicas %p', (minReplicas, maxReplicas, problem) => {
      expect(attempt({ minReplicas, maxReplicas })).toThrow(new Error(`IngressGateway: props.${problem}`));
    });

    it.each([
      [1, 1],
      [1, undefined],
      [undefined, 2],
      [5, 5],
      [2, 100],
    ])('accepts minReplicas %p with maxReplicas %p', (minReplicas, maxReplicas) => {
      expect(attempt({ minReplicas, maxReplicas })).not.toThrow();
    });

    const PEMS = [
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----',
      'prefix -----BEGIN PRIVATE KEY-----',
    ];

    it.each(['certificatePem', 'privateKeyPem'] as const)('refuses a literal PEM in %s', (prop) => {
      for (const pem of PEMS) {
        expect(attempt({ [prop]: pem })).toThrow(
          new Error(`IngressGateway: props.${prop} must be a reference (a variable, data source or resource attribute), never key material`),
        );
      }
    });
  });
});

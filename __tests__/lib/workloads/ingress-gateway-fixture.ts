/** The IngressGateway built with sensitive-variable PEMs, for the ingress-gateway*.test.ts files. */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type TerraformStack, TerraformVariable } from 'cdktf';
import { IngressGateway, type IngressGatewayProps } from '../../../lib/workloads/ingress-gateway';
import { synth, testStack } from '../../helpers';

type Props = Partial<Omit<IngressGatewayProps, 'provider' | 'certificatePem' | 'privateKeyPem'>> & { certificatePem?: string; privateKeyPem?: string };

/** A stack with the gateway, its PEMs being sensitive variables `cert` and `key`. */
export function build(props: Props = {}, configure?: (stack: TerraformStack, provider: KubernetesProvider) => Partial<IngressGatewayProps>) {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const cert = new TerraformVariable(stack, 'cert', { type: 'string', sensitive: true });
  const key = new TerraformVariable(stack, 'key', { type: 'string', sensitive: true });
  const construct = new IngressGateway(stack, 'gw', {
    provider,
    revision: 'asm-managed',
    host: 'hello.example.com',
    certificatePem: cert.stringValue,
    privateKeyPem: key.stringValue,
    ...props,
    ...configure?.(stack, provider),
  });
  return { construct, json: synth(stack) };
}

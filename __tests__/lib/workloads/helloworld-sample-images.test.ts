import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SECCOMP_ANNOTATION_WAIVER } from '../../../lib/core/hardened-pod';
import { HelloworldSample, type HelloworldSampleProps } from '../../../lib/workloads/helloworld-sample';
import { waiversIn } from '../../../lib/core/waivers';
import { resourceAt, scope, synth, testStack } from '../../helpers';

const DIGEST = `@sha256:${'a'.repeat(64)}`;
type Base = Omit<HelloworldSampleProps, 'provider'>;
const BASE: Base = { namespace: 'sample', version: 'v2', host: 'hello.example.com', gateway: 'istio-ingress/ingress-gateway' };

function build(props: Partial<Base> = {}) {
  const stack = testStack();
  const construct = new HelloworldSample(stack, 'hw', { ...BASE, ...props, provider: new KubernetesProvider(stack, 'k8s', {}) });
  const container = (path: string) =>
    (resourceAt(synth(stack), 'kubernetes_deployment_v1', path) as { spec: { template: { spec: { container: Record<string, unknown>[] } } } }).spec.template
      .spec.container[0];
  const digestWaivers = waiversIn(construct).filter((entry) => entry.waiver.rule.startsWith('MESH-POD-03'));
  return { stack, construct, helloworld: container('hw/helloworld'), sleep: container('hw/sleep'), waivers: digestWaivers.map((entry) => entry.path) };
}

describe('HelloworldSample images', () => {
  it('pulls tagged images Always (a tag may move) and waives only the digest rule, naming the setting', () => {
    const { helloworld, sleep, construct, waivers } = build();
    expect(helloworld).toMatchObject({ image: 'docker.io/istio/examples-helloworld-v2:1.0', image_pull_policy: 'Always' });
    expect(sleep).toMatchObject({ image: 'docker.io/curlimages/curl:8.11.1', image_pull_policy: 'Always' });
    expect(waivers).toEqual(['test/hw/helloworld', 'test/hw/sleep']);
    const [forHelloworld, forSleep] = waiversIn(construct)
      .map((entry) => entry.waiver)
      .filter((waiver) => waiver.rule.startsWith('MESH-POD-03'));
    expect(forHelloworld.rule).toBe('MESH-POD-03, CKV_K8S_43, kics 228c4c19 (image by digest)');
    expect(forHelloworld.reason).toContain('Set sample.images.helloworldV2 to registry/path@sha256:<digest>');
    expect(forSleep.reason).toContain('Set sample.images.sleep to');
  });

  it('runs images pinned by digest with the implicit pull policy (IfNotPresent) and waives nothing', () => {
    const { helloworld, sleep, waivers } = build({
      helloworldImage: `registry.example.com/helloworld${DIGEST}`,
      sleepImage: `registry.example.com/curl:8${DIGEST}`,
    });
    expect(helloworld.image).toBe(`registry.example.com/helloworld${DIGEST}`);
    expect(helloworld).not.toHaveProperty('image_pull_policy');
    expect(sleep.image).toBe(`registry.example.com/curl:8${DIGEST}`);
    expect(sleep).not.toHaveProperty('image_pull_policy');
    expect(waivers).toEqual([]);
  });

  it("records kics' seccomp-annotation waiver on both Deployments, whose pods set seccompProfile RuntimeDefault", () => {
    const { stack, construct } = build({ helloworldImage: `registry.example.com/helloworld${DIGEST}`, sleepImage: `registry.example.com/curl:8${DIGEST}` });
    expect(waiversIn(construct)).toEqual([
      { path: 'test/hw/helloworld', waiver: SECCOMP_ANNOTATION_WAIVER },
      { path: 'test/hw/sleep', waiver: SECCOMP_ANNOTATION_WAIVER },
    ]);
    const synthesized = synth(stack);
    for (const path of ['hw/helloworld', 'hw/sleep']) {
      const pod = resourceAt(synthesized, 'kubernetes_deployment_v1', path) as { spec: { template: { spec: { security_context: Record<string, unknown> } } } };
      expect(pod.spec.template.spec.security_context).toMatchObject({ seccomp_profile: { type: 'RuntimeDefault' } });
    }
  });

  it.each(['helloworldImage', 'sleepImage'] as const)('refuses a %s without registry, tag or digest', (prop) => {
    expect(() => new HelloworldSample(scope(), 'hw', { ...BASE, [prop]: 'helloworld', provider: new KubernetesProvider(scope(), 'k8s', {}) })).toThrow(
      new Error(`HelloworldSample: props.${prop} must be an image reference with a tag or digest (registry/path:tag), got "helloworld"`),
    );
  });
});

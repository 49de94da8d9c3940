/** validateObject reports the schema problems of an object, and field names no API has. */
import { convertResource, type KubernetesObject } from '../../support/kubernetes-objects';
import { validateObject } from '../../support/kubernetes-object-validation';
import { defaultObject, podSpec } from './schema-fixture';

type Server = { port: { number: unknown }; tls?: { mode?: string } };
const servers = (gateway: KubernetesObject) => (gateway.spec as { servers: Server[] }).servers;

describe('validation can fail', () => {
  it('starts from objects that are valid', () => {
    expect(validateObject(defaultObject('apps/v1/Deployment', 'helloworld-v1'))).toEqual([]);
    expect(validateObject(defaultObject('networking.istio.io/v1/Gateway', 'ingress-gateway'))).toEqual([]);
  });

  it('a Deployment whose containerPort is a string', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    podSpec(deployment).containers[0].ports![0].containerPort = '5000';
    expect(validateObject(deployment)).toEqual(['/spec/template/spec/containers/0/ports/0/containerPort must be integer']);
  });

  it('a Deployment whose container has no name', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    delete podSpec(deployment).containers[0].name;
    expect(validateObject(deployment)).toEqual([expect.stringMatching(/^\/spec\/template\/spec\/containers\/0 must have required property .?name/)]);
  });

  it('a Deployment whose replicas is not a number', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    (deployment.spec as Record<string, unknown>).replicas = 'two';
    expect(validateObject(deployment)).toEqual(['/spec/replicas must be integer']);
  });

  it('a Gateway whose TLS mode is not in the enum', () => {
    const gateway = defaultObject('networking.istio.io/v1/Gateway', 'ingress-gateway');
    servers(gateway)[0].tls!.mode = 'SIMPLEX';
    expect(validateObject(gateway)).toEqual([expect.stringMatching(/^\/spec\/servers\/0\/tls\/mode must be equal to one of the allowed values: .*SIMPLE\b/)]);
  });

  it('a Gateway whose port number is a string', () => {
    const gateway = defaultObject('networking.istio.io/v1/Gateway', 'ingress-gateway');
    servers(gateway)[0].port.number = '443';
    expect(validateObject(gateway)).toEqual(['/spec/servers/0/port/number must be integer']);
  });

  it('an Istio v1 kind that has no model', () => {
    const problems = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'Gatewayy', metadata: { name: 'x' } });
    expect(problems).toEqual([expect.stringMatching(/unknown kind Gatewayy of networking\.istio\.io\/v1/)]);
  });

  it('an unknown apiVersion', () => {
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([expect.stringMatching(/unknown kind Widget of example\.com\/v1/)]);
  });

  it('an object without apiVersion and kind', () => {
    expect(validateObject({ metadata: { name: 'x' } })).toEqual([expect.stringMatching(/unknown kind/)]);
  });

  it('a kubernetes_* resource type the converter does not know', () => {
    const object = convertResource('kubernetes_widget_v1', { metadata: { name: 'w' }, spec: { size: 1 } });
    const problems = validateObject(object);
    expect(problems).toContainEqual(expect.stringMatching(/kubernetes_widget_v1: unknown resource type/));
    expect(problems).toContainEqual(expect.stringMatching(/unknown kind/));
  });

  it('a provider field name left unconverted', () => {
    const deployment = defaultObject('apps/v1/Deployment', 'helloworld-v1');
    Object.assign(podSpec(deployment).containers[0], { volume_mount: [{ name: 'tmp', mount_path: '/tmp' }] });
    Object.assign(podSpec(deployment), { volume: [{ name: 'x', emptyDir: {} }] });
    expect(validateObject(deployment)).toEqual([
      expect.stringMatching(/^\/spec\/template\/spec\/containers\/0\/volume_mount is not an API field name/),
      expect.stringMatching(/^\/spec\/template\/spec\/containers\/0\/volume_mount\/0\/mount_path is not an API field name/),
      expect.stringMatching(/^\/spec\/template\/spec\/volume is the provider's singular block name/),
    ]);
  });
});

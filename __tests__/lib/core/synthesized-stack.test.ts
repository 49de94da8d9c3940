import * as fc from 'fast-check';
import { TerraformOutput } from 'cdktf';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import {
  asList,
  attribute,
  blockList,
  interpolations,
  isExpression,
  referencedAddresses,
  SynthesizedStack,
  type TerraformJson,
} from '../../../lib/core/synthesized-stack';
import { synth, testStack } from '../../helpers';

const JSON_WITH_METADATA: TerraformJson = {
  '//': { metadata: { stackName: 'one' } },
  provider: {
    google: [{ project: 'p' }],
    kubernetes: [{ alias: 'a', host: 'https://${data.google_container_cluster.a.endpoint}' }],
  },
  data: { google_container_cluster: { a: { name: 'cluster-a' } } },
  resource: {
    google_compute_network: { vpc_1A2B3C4D: { '//': { metadata: { path: 'one/network/vpc', uniqueId: 'vpc' } }, name: 'mesh' } },
    google_compute_subnetwork: {
      subnet: {
        network: '${google_compute_network.vpc_1A2B3C4D.id}',
        depends_on: ['google_compute_network.vpc_1A2B3C4D'],
        description: 'literal $${google_project.x}',
      },
    },
    kubernetes_namespace_v1: { ns: { provider: 'kubernetes.a', metadata: [{ name: 'n' }] } },
  },
  output: { network: { value: '${google_compute_network.vpc_1A2B3C4D.name}' } },
};

describe('SynthesizedStack', () => {
  const stack = new SynthesizedStack(JSON_WITH_METADATA);
  const at = (address: string) => stack.block(address)!;

  it('lists resources then data sources, with addresses and without the // metadata', () => {
    expect(stack.blocks().map((block) => block.address)).toEqual([
      'google_compute_network.vpc_1A2B3C4D',
      'google_compute_subnetwork.subnet',
      'kubernetes_namespace_v1.ns',
      'data.google_container_cluster.a',
    ]);
    expect(at('google_compute_network.vpc_1A2B3C4D')).toEqual({
      kind: 'resource',
      type: 'google_compute_network',
      name: 'vpc_1A2B3C4D',
      address: 'google_compute_network.vpc_1A2B3C4D',
      config: { name: 'mesh' },
      path: 'one/network/vpc',
    });
    expect(stack.dataSources('google_container_cluster').map((block) => block.config)).toEqual([{ name: 'cluster-a' }]);
    expect(stack.outputs().network.value).toBe('${google_compute_network.vpc_1A2B3C4D.name}');
  });

  it('finds a resource by construct path, from its metadata or else from its logical ID', () => {
    expect(stack.resourceAt('google_compute_network', 'network/vpc').name).toBe('vpc_1A2B3C4D');
    expect(() => stack.resourceAt('google_compute_network', 'vpc_1A2B3C4D')).toThrow('expected one google_compute_network at *vpc_1A2B3C4D, found 0');
    const json = synth(withNetwork());
    expect(new SynthesizedStack(json).resourceAt('google_compute_subnetwork', 'net/subnet').config.ip_cidr_range).toBe('10.0.0.0/24');
    expect(() => new SynthesizedStack(json).resourceAt('google_compute_subnetwork', 'subnet/net')).toThrow(/found 0/);
  });

  it('finds the provider configuration a block uses: its alias, or its type prefix', () => {
    expect(stack.providerOf(at('kubernetes_namespace_v1.ns'))).toEqual({ alias: 'a', host: 'https://${data.google_container_cluster.a.endpoint}' });
    expect(stack.providerOf(at('google_compute_network.vpc_1A2B3C4D'))).toEqual({ project: 'p' });
  });

  it('takes dependencies from depends_on, references and the provider configuration, never from escaped text', () => {
    expect([...stack.dependenciesOf(at('google_compute_subnetwork.subnet'))]).toEqual(['google_compute_network.vpc_1A2B3C4D']);
    expect([...stack.dependenciesOf(at('kubernetes_namespace_v1.ns'))]).toEqual(['data.google_container_cluster.a']);
    expect([...stack.dependenciesOf(at('google_compute_network.vpc_1A2B3C4D'))]).toEqual([]);
    expect(stack.dependsOn(at('google_compute_subnetwork.subnet'))).toEqual(['google_compute_network.vpc_1A2B3C4D']);
  });

  it('resolves a reference to a block of one type only', () => {
    expect(stack.referencedBlock('${data.google_container_cluster.a.endpoint}', 'data.google_container_cluster')?.address).toBe(
      'data.google_container_cluster.a',
    );
    expect(stack.referencedBlock('${data.google_container_cluster.a.endpoint}', 'google_container_cluster')).toBeUndefined();
    expect(stack.referencedBlock('${google_compute_network.missing.id}', 'google_compute_network')).toBeUndefined();
  });

  it('reads what cdktf synthesizes: references between constructs become dependencies', () => {
    const synthesized = new SynthesizedStack(synth(withNetwork()));
    const subnet = synthesized.resourceAt('google_compute_subnetwork', 'net/subnet');
    expect([...synthesized.dependenciesOf(subnet)]).toEqual([synthesized.resourceAt('google_compute_network', 'net').address]);
    expect(Object.keys(synthesized.outputs())).toEqual(['subnet']);
  });
});

describe('expressions', () => {
  it('finds nested interpolations and skips escaped ones', () => {
    expect(interpolations('a $${b.c} ${d.e} ${f({"x" = "${g.h}"})}')).toEqual(['d.e', 'f({"x" = "${g.h}"})']);
    expect(referencedAddresses({ a: ['${yamlencode({"k" = "${kubernetes_namespace_v1.ns.id}"})}'], '//': '${ignored.x}' })).toEqual([
      'kubernetes_namespace_v1.ns',
    ]);
  });

  it('reads string literals in an expression as text: a brace or a name in quotes ends or names nothing, their interpolations count', () => {
    expect(interpolations('${format("}%s", google_x.y.id)} and ${a.b}')).toEqual(['format("}%s", google_x.y.id)', 'a.b']);
    expect(referencedAddresses('${format("}%s", google_x.y.id)}')).toEqual(['google_x.y']);
    expect(referencedAddresses('${replace(var.v, "google_compute_network.vpc", "")}')).toEqual(['var.v']);
    expect(referencedAddresses('${join("\\"$${", [google_a.b.id, "x ${data.google_c.d.id} \\" y"])}')).toEqual(['data.google_c.d', 'google_a.b']);
    expect(referencedAddresses('${upper("$${google_a.b.id}")}')).toEqual([]);
  });

  it('tells a reference from a literal, whatever the address', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
    fc.assert(
      fc.property(name, name, (type, id) => {
        expect(isExpression(`\${${type}.${id}.id}`)).toBe(true);
        expect(referencedAddresses(`x \${${type}.${id}.id}`)).toEqual([`${type}.${id}`]);
        expect(isExpression(`$\${${type}.${id}}`)).toBe(false);
        expect(referencedAddresses(`$\${${type}.${id}}`)).toEqual([]);
      }),
    );
  });
});

describe('nested blocks', () => {
  it('reads an attribute through blocks written as objects or one-element lists', () => {
    const body = { settings: [{ ip_configuration: { ssl_mode: 'ENCRYPTED_ONLY' } }] };
    expect(attribute(body, 'settings', 'ip_configuration', 'ssl_mode')).toBe('ENCRYPTED_ONLY');
    expect(attribute(body, 'settings', 'missing', 'ssl_mode')).toBeUndefined();
  });

  it('lists single values, absent values and blocks', () => {
    expect([asList('a'), asList(['a', 'b']), asList(undefined), asList(null)]).toEqual([['a'], ['a', 'b'], [], []]);
    expect([blockList({ a: 1 }), blockList([{ a: 1 }, 'x', null]), blockList('x')]).toEqual([[{ a: 1 }], [{ a: 1 }], []]);
  });
});

function withNetwork() {
  const stack = testStack();
  const network = new ComputeNetwork(stack, 'net', { name: 'mesh', autoCreateSubnetworks: false });
  const subnet = new ComputeSubnetwork(network, 'subnet', { name: 'mesh-a', network: network.id, ipCidrRange: '10.0.0.0/24', region: 'us-central1' });
  new TerraformOutput(stack, 'subnet', { value: subnet.name });
  return stack;
}

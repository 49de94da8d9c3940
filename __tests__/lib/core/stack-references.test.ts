import { crossStackReferences } from '../../../lib/core/stack-references';
import type { TerraformJson } from '../../../lib/core/synthesized-stack';

const PLATFORM: TerraformJson = {
  provider: { google: [{ project: 'p', region: 'r' }] },
  data: { google_project: { fleet: { project_id: 'p' } } },
  resource: {
    google_compute_network: { vpc: { name: 'mesh' } },
    google_compute_subnetwork: { subnet: { network: '${google_compute_network.vpc.id}', depends_on: ['google_compute_network.vpc'] } },
  },
  variable: { cidr: { type: 'string' } },
  locals: { network: 'mesh' },
  output: { network: { value: '${google_compute_network.vpc.name}' } },
};

const check = (stacks: Record<string, TerraformJson>) => crossStackReferences(new Map(Object.entries(stacks)));

describe('crossStackReferences', () => {
  it('passes references within a stack, names that are no block, escaped text and names in quotes', () => {
    const mesh: TerraformJson = {
      provider: { google: [{ project: 'p', region: 'r' }] },
      variable: { size: { type: 'number' } },
      resource: {
        terraform_data: {
          a: { input: '${var.size} ${each.value} ${count.index} $${google_compute_network.vpc.id}' },
          b: { input: '${replace(terraform_data.a.id, "google_compute_network.vpc", "")}', depends_on: ['terraform_data.a'] },
        },
      },
    };
    expect(check({ platform: PLATFORM, mesh })).toEqual([]);
  });

  it('refuses a reference to what only another stack declares, wherever it is: a block, depends_on, a provider, an output, locals, an import', () => {
    const mesh: TerraformJson = {
      provider: { kubernetes: [{ alias: 'a', host: '${google_compute_subnetwork.subnet.gateway_address}' }] },
      resource: {
        terraform_data: {
          a: { input: 'x-${google_compute_network.vpc.id}', depends_on: ['google_compute_subnetwork.subnet'] },
          b: { input: '${terraform_data.a.id} ${var.cidr} ${local.network}' },
        },
      },
      output: { network: { value: '${data.google_project.fleet.number}' } },
      locals: { subnet: '${google_compute_subnetwork.subnet.id}' },
      import: [{ to: 'terraform_data.a', id: '${google_compute_network.vpc.id}' }],
    };
    const only = 'only stack platform declares it';
    expect(check({ platform: PLATFORM, mesh })).toEqual([
      { stack: 'mesh', from: 'terraform_data.a', address: 'google_compute_network.vpc', reason: only },
      { stack: 'mesh', from: 'terraform_data.a', address: 'google_compute_subnetwork.subnet', reason: only },
      { stack: 'mesh', from: 'terraform_data.b', address: 'var.cidr', reason: only },
      { stack: 'mesh', from: 'terraform_data.b', address: 'local.network', reason: only },
      { stack: 'mesh', from: 'provider.kubernetes', address: 'google_compute_subnetwork.subnet', reason: only },
      { stack: 'mesh', from: 'output.network', address: 'data.google_project.fleet', reason: only },
      { stack: 'mesh', from: 'locals', address: 'google_compute_subnetwork.subnet', reason: only },
      { stack: 'mesh', from: 'import', address: 'google_compute_network.vpc', reason: only },
    ]);
  });

  it('passes a reference to an address two stacks declare as the same data source, which reads the same in either', () => {
    const mesh: TerraformJson = {
      provider: { google: [{ project: 'p', region: 'r' }] },
      data: { google_project: { fleet: { project_id: 'p' } } },
      resource: { terraform_data: { a: { input: '${data.google_project.fleet.number}' } } },
    };
    expect(check({ platform: PLATFORM, mesh })).toEqual([]);
  });

  it('refuses a reference to an address two stacks declare otherwise: other arguments, another provider configuration, or a resource', () => {
    const google = (project: string) => ({ google: [{ project, region: 'r' }] });
    const either = 'stack platform declares it too, and not as the same data source: the reference could mean either';
    const readsFleet = (projectId: string, provider: string): TerraformJson => ({
      provider: google(provider),
      data: { google_project: { fleet: { project_id: projectId } } },
      resource: { terraform_data: { a: { input: '${data.google_project.fleet.number}' } } },
    });
    expect(check({ platform: PLATFORM, mesh: readsFleet('q', 'p') })).toEqual([
      { stack: 'mesh', from: 'terraform_data.a', address: 'data.google_project.fleet', reason: either },
    ]);
    expect(check({ platform: PLATFORM, mesh: readsFleet('p', 'q') })).toEqual([
      { stack: 'mesh', from: 'terraform_data.a', address: 'data.google_project.fleet', reason: either },
    ]);
    const ownNetwork: TerraformJson = {
      resource: { google_compute_network: { vpc: { name: 'mesh' } }, terraform_data: { a: { input: '${google_compute_network.vpc.id}' } } },
    };
    expect(check({ platform: PLATFORM, mesh: ownNetwork })).toEqual([
      { stack: 'platform', from: 'google_compute_subnetwork.subnet', address: 'google_compute_network.vpc', reason: either.replace('platform', 'mesh') },
      { stack: 'platform', from: 'output.network', address: 'google_compute_network.vpc', reason: either.replace('platform', 'mesh') },
      { stack: 'mesh', from: 'terraform_data.a', address: 'google_compute_network.vpc', reason: either },
    ]);
  });

  it('refuses, in both stacks, a reference to a resource both declare under one name', () => {
    const both = (name: string): TerraformJson => ({ resource: { terraform_data: { lock: { input: name }, use: { input: '${terraform_data.lock.id}' } } } });
    expect(check({ one: both('1'), two: both('2') }).map(({ stack, from, address }) => `${stack} ${from} ${address}`)).toEqual([
      'one terraform_data.use terraform_data.lock',
      'two terraform_data.use terraform_data.lock',
    ]);
  });
});

import { TYPICAL_SECONDS, typicalSeconds } from '../../../../src/tools/graph/creation-times';
import { buildDeployGraph } from '../../../../src/tools/graph/from-stacks';
import { stackStartId } from '../../../../src/tools/graph/graph';
import { scheduleDeploy } from '../../../../src/tools/graph/schedule';
import { stacksOf } from './deploy-graph-fixture';

describe('building the graph from synthesized JSON', () => {
  const stacks = stacksOf({
    one: {
      resource: {
        google_project_service: { api: { service: 'container.googleapis.com' } },
        google_container_cluster: {
          cluster: { '//': { metadata: { path: 'one/cluster' } }, name: 'c', depends_on: ['google_project_service.api'] },
        },
        google_compute_network: { vpc: { name: 'literal $${google_project_service.api.id}' } },
      },
      data: { google_project: { project: { project_id: 'p' } } },
    },
    two: {
      data: { google_container_cluster: { lookup: { name: 'c' } } },
      provider: { kubernetes: [{ alias: 'c', host: 'https://${data.google_container_cluster.lookup.endpoint}' }] },
      resource: {
        kubernetes_namespace_v1: { ns: { provider: 'kubernetes.c', metadata: { name: 'n' } } },
        kubernetes_secret_v1: {
          secret: { provider: 'kubernetes.c', data: { kubeconfig: '${yamlencode({"a" = "https://${kubernetes_namespace_v1.ns.id}"})}' } },
        },
      },
    },
  });
  const graph = buildDeployGraph(stacks, { two: ['one'] });
  const predecessors = (id: string) => graph.predecessors.get(id)!.filter((pred) => !pred.endsWith('<start>'));

  it('takes edges from depends_on, nested references and provider configurations', () => {
    expect(predecessors('one:google_container_cluster.cluster')).toEqual(['one:google_project_service.api']);
    expect(predecessors('two:kubernetes_namespace_v1.ns')).toEqual(['two:data.google_container_cluster.lookup']);
    expect(predecessors('two:kubernetes_secret_v1.secret')).toEqual(['two:data.google_container_cluster.lookup', 'two:kubernetes_namespace_v1.ns']);
  });

  it('ignores escaped interpolations', () => {
    expect(predecessors('one:google_compute_network.vpc')).toEqual([]);
  });

  it('starts a dependent stack when the whole upstream stack has finished', () => {
    const schedule = scheduleDeploy(graph);
    const oneEnd = TYPICAL_SECONDS.google_project_service + TYPICAL_SECONDS.google_container_cluster;
    expect(schedule.start.get(stackStartId('two'))).toBe(oneEnd);
    expect(schedule.start.get('two:data.google_container_cluster.lookup')).toBe(oneEnd);
    expect(schedule.finish.get('two:data.google_container_cluster.lookup')).toBe(oneEnd);
    expect(schedule.criticalPath.map((step) => step.id)).toEqual([
      stackStartId('one'),
      'one:google_project_service.api',
      'one:google_container_cluster.cluster',
      // The data source read at the same instant is equally critical; the barrier is shown.
      stackStartId('two'),
      'two:kubernetes_namespace_v1.ns',
      'two:kubernetes_secret_v1.secret',
    ]);
    expect(graph.stacks).toEqual(['one', 'two']);
  });

  it('weighs data sources 0 and load balancer services like a load balancer', () => {
    expect(typicalSeconds('data', 'google_container_cluster')).toBe(0);
    expect(typicalSeconds('resource', 'kubernetes_service_v1', { spec: { type: 'LoadBalancer' } })).toBeGreaterThan(
      typicalSeconds('resource', 'kubernetes_service_v1', { spec: { type: 'ClusterIP' } }),
    );
  });
});

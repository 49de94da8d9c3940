import * as fs from 'fs';
import * as path from 'path';
import { ISTIO_RESOURCES, istioReadRules } from '../../../lib/core/mesh-conventions';

/** Istio's API resources of a group, from @kubernetes-models/istio's models (generated from Istio's CRDs). */
function upstreamResources(group: string): string[] {
  const root = path.join(path.dirname(require.resolve('@kubernetes-models/istio/package.json')), group);
  const kinds = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((version) => fs.readdirSync(path.join(root, version.name)))
    .filter((file) => file.endsWith('.js') && file !== 'index.js')
    .map((file) => file.replace(/\.js$/, ''));
  const plural = (kind: string) => (/[^aeiou]y$/i.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`).toLowerCase();
  return [...new Set(kinds.map(plural))].sort();
}

describe('ISTIO_RESOURCES', () => {
  it.each(Object.keys(ISTIO_RESOURCES))("names every resource of %s that Istio's CRDs define, and nothing else", (group) => {
    expect([...ISTIO_RESOURCES[group as keyof typeof ISTIO_RESOURCES]]).toEqual(upstreamResources(group));
  });

  it('covers every Istio API group except the operator', () => {
    const groups = fs.readdirSync(path.dirname(require.resolve('@kubernetes-models/istio/package.json'))).filter((entry) => entry.endsWith('.istio.io'));
    expect(Object.keys(ISTIO_RESOURCES).sort()).toEqual(groups.filter((group) => group !== 'install.istio.io').sort());
  });

  it('reads only, one rule per group, with no wildcard', () => {
    expect(istioReadRules(['telemetry.istio.io', 'security.istio.io'])).toEqual([
      { apiGroups: ['telemetry.istio.io'], resources: ['telemetries'], verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['security.istio.io'],
        resources: ['authorizationpolicies', 'peerauthentications', 'requestauthentications'],
        verbs: ['get', 'list', 'watch'],
      },
    ]);
  });
});

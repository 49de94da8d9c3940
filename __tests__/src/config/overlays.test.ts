/**
 * The IstioOperator overlays in overlays/*.yaml are checked with @kubernetes-models/istio (the
 * object around the spec) and our own closed description of the spec fields we set
 * (__tests__/support/istio-operator-fields.ts, each fact cited to Istio's docs), so a typo in any
 * field name, enum value or value kind fails here instead of at `asmcli`/`istioctl install` time.
 * What the validator rejects, case by case: overlays-rejects.test.ts.
 */
import * as path from 'path';
import { parse } from 'yaml';
import { IstioOperator } from '@kubernetes-models/istio/install.istio.io/v1alpha1/IstioOperator';
import { managedMeshConfigYaml, managedMeshSettings } from '../../../src/config/managed-overlays';
import { loadOverlay as loadForInstall } from '../../../src/config/overlays';
import { check, MESH_CONFIG, validateIstioOperatorOverlay } from '../../support/istio-operator';
import { at, copyOf, expectSingleProblemAt, loadOverlay, OVERLAY_DIR, overlayFiles, renameKey, type Node } from '../../support/overlay-documents';

/** A key's dotted path: `parent.key`, or `parent["key"]` for an annotation-like key. */
function pathOf(parentAt: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${parentAt}.${key}` : `${parentAt}[${JSON.stringify(key)}]`;
}

/** Every key under spec, with the mapping that holds it and that mapping's path, in document order. */
function keysUnderSpec(document: Node): Array<{ parent: Node; key: string; parentAt: string }> {
  const found: Array<{ parent: Node; key: string; parentAt: string }> = [];
  const walk = (node: unknown, nodeAt: string): void => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${nodeAt}[${index}]`));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        found.push({ parent: node as Node, key, parentAt: nodeAt });
        walk(value, pathOf(nodeAt, key));
      }
    }
  };
  walk(document.spec, 'spec');
  return found;
}

describe('@kubernetes-models/istio IstioOperator model', () => {
  const validates = (data: Node) => () => new IstioOperator(data).validate();

  it('checks the object around the spec (apiVersion, kind, metadata)', () => {
    expect(validates({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'x' } })).not.toThrow();
    expect(validates({ apiVersion: 'install.istio.io/v1alpha2', kind: 'IstioOperator' })).toThrow();
    expect(validates({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 3 } })).toThrow();
  });

  it('has no schema for the spec, which is why istio-operator-fields.ts describes it', () => {
    // Were a later version to validate the spec, this fails: then use its schema instead.
    expect(validates({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { meshConfig: { accesLogFile: 1 } } })).not.toThrow();
  });
});

describe('overlays/*.yaml', () => {
  it('has overlays to check', () => {
    expect(overlayFiles).toEqual(
      expect.arrayContaining([
        'access-logging.yaml',
        'egress-registry-only.yaml',
        'internal-load-balancer.yaml',
        'multicluster-identity.yaml',
        'native-sidecars.yaml',
      ]),
    );
  });

  it.each(overlayFiles)('%s is a valid IstioOperator overlay', (file) => {
    expect(validateIstioOperatorOverlay(loadOverlay(file))).toEqual([]);
  });

  it.each(overlayFiles)('%s: every key under spec, misspelt, fails at its own path', (file) => {
    const keys = keysUnderSpec(loadOverlay(file));
    expect(keys.length).toBeGreaterThan(0);
    keys.forEach((_, index) => {
      for (const misspell of [(key: string) => key.slice(0, -1), (key: string) => `${key}x`]) {
        const document = copyOf(file);
        const { parent, key, parentAt } = keysUnderSpec(document)[index];
        renameKey(parent, key, misspell(key));
        expectSingleProblemAt(validateIstioOperatorOverlay(document), pathOf(parentAt, misspell(key)), `unknown field (did you mean ${key}?)`);
      }
    });
  });

  it('egress overlay restricts outbound traffic to the service registry', () => {
    expect(loadOverlay('egress-registry-only.yaml')).toMatchObject({
      spec: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
    });
  });

  it('access-logging overlay logs to stdout', () => {
    expect(loadOverlay('access-logging.yaml')).toMatchObject({
      spec: { meshConfig: { accessLogFile: '/dev/stdout' } },
    });
  });

  it('identity overlay leaves mesh ID, cluster name and network as install-time placeholders', () => {
    expect(loadOverlay('multicluster-identity.yaml')).toMatchObject({
      spec: {
        values: {
          global: {
            meshID: '${MESH_ID}',
            multiCluster: { clusterName: '${CLUSTER_NAME}' },
            network: '${NETWORK}',
          },
        },
      },
    });
  });

  it('internal-load-balancer overlay annotates an ingress gateway Service as internal', () => {
    const gateways = at(loadOverlay('internal-load-balancer.yaml'), 'spec', 'components', 'ingressGateways');
    expect(gateways).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          k8s: expect.objectContaining({
            serviceAnnotations: expect.objectContaining({ 'networking.gke.io/load-balancer-type': 'Internal' }),
          }),
        }),
      ]),
    );
  });
});

describe('what else the project puts in an overlay or a meshConfig', () => {
  it.each(['REGISTRY_ONLY', 'ALLOW_ANY'])('the mesh stack test fixture (outboundTrafficPolicy %s)', (mode) => {
    const document = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { meshConfig: { outboundTrafficPolicy: { mode } } } };
    expect(validateIstioOperatorOverlay(document)).toEqual([]);
  });

  it('the meshConfig managed mode writes from every overlay, with the trust domain aliases it adds', () => {
    const overlays = overlayFiles.map((file) => loadForInstall({ path: `overlays/${file}`, absolutePath: path.join(OVERLAY_DIR, file) }));
    const meshConfig: unknown = parse(managedMeshConfigYaml(managedMeshSettings(overlays, ['fleet.svc.id.goog', 'apps.svc.id.goog'])));
    expect(meshConfig).toMatchObject({ trustDomainAliases: ['fleet.svc.id.goog', 'apps.svc.id.goog'] });
    expect(check(meshConfig, MESH_CONFIG, 'meshConfig')).toEqual([]);
    expect(check({ ...(meshConfig as Node), trustDomainAliases: 'fleet.svc.id.goog' }, MESH_CONFIG, 'meshConfig')).toEqual([
      'meshConfig.trustDomainAliases: expected a list, got string "fleet.svc.id.goog"',
    ]);
  });
});

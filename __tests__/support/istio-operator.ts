/**
 * Validates an IstioOperator overlay document (as parsed from YAML) in two parts:
 *
 *  - the Kubernetes object around it (apiVersion, kind, metadata) with the JSON schema of
 *    @kubernetes-models/istio's IstioOperator model. That package is generated from Istio's
 *    IstioOperator CRD, which leaves `spec` unvalidated (x-kubernetes-preserve-unknown-fields), so
 *    its model has no schema for the spec (a test in overlays.test.ts pins that);
 *  - `spec` against our own closed description of the fields our overlays set
 *    (istio-operator-fields.ts), walked by istio-operator-shape.ts.
 *
 * Problems read "<path>: <message>", the path in dotted form from the document root
 * (`spec.meshConfig.outboundTrafficPolicy.mode`, `spec.components.ingressGateways[0].k8s`).
 */
import { IstioOperator } from '@kubernetes-models/istio/install.istio.io/v1alpha1/IstioOperator';
import { ISTIO_OPERATOR_SPEC, TOP_LEVEL_FIELDS } from './istio-operator-fields';
import { check, childPath, closest, describeValue, isPlainObject } from './istio-operator-shape';
import { pointer, schemaErrors, type ModelClass, type SchemaError } from './kubernetes-object-validation';

export { MESH_CONFIG } from './istio-operator-fields';
export { check } from './istio-operator-shape';

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const segment of segments) node = isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  return node;
}

/** One @kubernetes-models schema error, in our "<path>: <message>" form. */
function describeSchemaError(document: Record<string, unknown>, error: SchemaError): string {
  const segments = pointer(error.instancePath);
  const missing = error.keyword === 'required' ? error.params?.missingProperty : undefined;
  if (typeof missing === 'string') segments.push(missing);
  const at = segments.reduce((parent, segment) => childPath(parent, segment), '') || 'document';
  if (typeof missing === 'string') return `${at}: required (IstioOperator model of @kubernetes-models/istio)`;
  const allowed = Array.isArray(error.params?.allowedValues) ? ` ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return `${at}: ${error.message ?? error.keyword}${allowed}, got ${describeValue(valueAt(document, segments))}`;
}

/** Problems of an IstioOperator overlay document; empty when it is valid. */
export function validateIstioOperatorOverlay(document: unknown): string[] {
  if (!isPlainObject(document)) return [`document: expected a mapping, got ${describeValue(document)}`];
  const problems: string[] = [];
  for (const key of Object.keys(document)) {
    if ((TOP_LEVEL_FIELDS as readonly string[]).includes(key)) continue;
    const hint = closest(key, TOP_LEVEL_FIELDS);
    problems.push(
      `${childPath('', key)}: unknown top-level field${hint === undefined ? '' : ` (did you mean ${hint}?)`}; IstioOperator has: ${TOP_LEVEL_FIELDS.join(', ')}`,
    );
  }
  // The model's constructor fills in a missing apiVersion and kind: pass them explicitly, so a
  // document without them is reported rather than repaired.
  const { spec, ...rest } = document;
  const object = { ...rest, apiVersion: document.apiVersion, kind: document.kind };
  problems.push(...schemaErrors(IstioOperator as unknown as ModelClass, object).map((error) => describeSchemaError(object, error)));
  if (spec !== undefined) problems.push(...check(spec, ISTIO_OPERATOR_SPEC, 'spec'));
  return problems;
}

import { type IResolveContext, rawString } from 'cdktf';

interface ExpressionPrototype {
  resolveArg(this: ExpressionPrototype, context: IResolveContext, arg: unknown): unknown;
  resolveExpressionPart(this: ExpressionPrototype, context: IResolveContext, arg: unknown): unknown;
}

/**
 * cdktf renders each argument of a Terraform function call, operator, condition or property
 * access with `TFExpression.resolveArg`, which resolves the argument, then, unless it is a
 * string, discards that result and renders it with `resolveExpressionPart`, which resolves it
 * again. On an object or list argument (a `yamlencode({...})`) every level is resolved twice over.
 * Without the discarded resolution the rendered text is the same: the second one sees the same
 * context, and resolving is deterministic (an error or a cross-stack reference happens in it too).
 *
 * Returns the function that puts cdktf's own method back. cdktf 0.21.0 is the final release and
 * pinned; if the class ever lacks either method, nothing changes. MESH_SYNTH_CDKTF_AS_IS=1 leaves
 * cdktf as it is (src/runtime/cdktf-resolve.ts reads it too).
 */
export function skipDiscardedArgumentResolution(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env.MESH_SYNTH_CDKTF_AS_IS === '1') return () => {};
  // rawString() builds a RawString; its prototype's prototype is the TFExpression base class.
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(rawString(''))) as ExpressionPrototype;
  const original = prototype.resolveArg;
  if (typeof original !== 'function' || typeof prototype.resolveExpressionPart !== 'function') return () => {};
  prototype.resolveArg = function resolveArg(context, arg) {
    return typeof arg === 'string' ? original.call(this, context, arg) : this.resolveExpressionPart(context, arg);
  };
  return () => {
    prototype.resolveArg = original;
  };
}

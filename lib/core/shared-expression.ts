import { type IResolvable, type IResolveContext, TerraformStack, Token } from 'cdktf';
import { type IConstruct } from 'constructs';

/**
 * One expression used by many resources, resolved once per stack instead of once per use.
 *
 * cdktf resolves every use of a token in full (twice under `app.synth()`: its preparing pass, then
 * the output), and a function call over a nested object re-resolves each level of it. An expression
 * built only from literals and references resolves to the same text wherever it is used in one
 * stack, under the same resolution flags: the result is remembered per stack, pass and flags.
 * Under `app.synth()` a cross-stack reference in it still registers on the first preparing
 * resolution in each stack (the app's own synth has no such pass, and refuses one).
 *
 * `key` names what the expression is made of; `build` runs once per key.
 */
export function sharedExpression(key: string, build: () => string): string {
  let token = SHARED.get(key);
  if (token === undefined) {
    token = Token.asString(new RememberedResolution(build()));
    SHARED.set(key, token);
  }
  return token;
}

const SHARED = new Map<string, string>();

class RememberedResolution implements IResolvable {
  public readonly creationStack: string[] = [];
  private readonly results = new WeakMap<IConstruct, Map<string, unknown>>();

  constructor(private readonly expression: string) {}

  public resolve(context: IResolveContext): unknown {
    const stack = TerraformStack.of(context.scope);
    let byFlags = this.results.get(stack);
    if (byFlags === undefined) {
      byFlags = new Map();
      this.results.set(stack, byFlags);
    }
    const flags = [context.preparing, context.suppressBraces, context.ignoreEscapes, context.warnEscapes, context.iteratorContext].join('|');
    if (!byFlags.has(flags)) byFlags.set(flags, context.resolve(this.expression));
    return byFlags.get(flags);
  }

  public toString(): string {
    return Token.asString(this);
  }
}

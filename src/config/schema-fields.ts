import { z } from 'zod';
import * as rules from '../../lib/core/rules';

// Field builders the config schema's modules share (schema.ts, asm-schema.ts).

/** A string checked by a shared rule. `hints` only tell editors (JSON Schema) what the rule wants. */
export function ruled(rule: rules.Rule<string>, hints: { pattern?: RegExp; maxLength?: number } = {}) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = rule(value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ ...(hints.pattern ? { pattern: hints.pattern.source } : {}), ...(hints.maxLength ? { maxLength: hints.maxLength } : {}) });
}

/** An RFC 1035 label of at most `maxLength` characters. */
export function label(maxLength: number, what: string) {
  return ruled(rules.label(maxLength), { pattern: rules.RFC1035_LABEL, maxLength }).describe(what);
}

import { z } from 'zod';
import { meshConfigSchema } from './schema';

/**
 * The JSON Schema of mesh.config.yaml, generated from the validator the app uses, so editors
 * complete and check exactly what synth accepts. `npm run schema` writes it.
 */
export function meshConfigJsonSchema(): string {
  const schema = z.toJSONSchema(meshConfigSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'mesh.config.yaml' }, null, 2)}\n`;
}

import { toJsonSchema } from '@valibot/to-json-schema';
import { meshConfigSchema } from './schema';

/**
 * The JSON Schema of mesh.config.yaml, generated from the validator the app uses, so editors
 * complete and check exactly what synth accepts. `npm run schema` writes it.
 */
export function meshConfigJsonSchema(): string {
  const { $schema, ...schema } = toJsonSchema(meshConfigSchema, {
    target: 'draft-2020-12',
    // A mapping is a pipe of two schemas (not-a-list, then the object): the last one has the fields.
    typeMode: 'output',
    // Rules written as code have no JSON Schema form; their `pattern`/`maxLength` hints carry what editors can check.
    ignoreActions: ['raw_check', 'trim'],
    // An object with no required field has no `required` list at all, as JSON Schema writes it.
    overrideSchema: ({ jsonSchema }) => {
      if (Array.isArray(jsonSchema.required) && jsonSchema.required.length === 0) delete jsonSchema.required;
      return undefined;
    },
  });
  return `${JSON.stringify({ $schema, ...schema, title: 'mesh.config.yaml' }, null, 2)}\n`;
}

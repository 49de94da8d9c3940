import * as fs from 'fs';
import * as path from 'path';
import { meshConfigJsonSchema } from '../../../src/config/json-schema';
import { REPO_ROOT } from '../../helpers';

interface SchemaNode {
  readonly type?: string | string[];
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly anyOf?: SchemaNode[];
}

/** Every key path the config accepts, as the README writes them (`clusters[].nodePools[].name`). */
function keyPaths(node: SchemaNode, prefix = ''): string[] {
  const own = node.properties
    ? Object.entries(node.properties).flatMap(([key, child]) => {
        const at = prefix ? `${prefix}.${key}` : key;
        return [at, ...keyPaths(child, at)];
      })
    : [];
  const items = node.items ? keyPaths(node.items, `${prefix}[]`) : [];
  return [...own, ...items, ...(node.anyOf ?? []).flatMap((branch) => keyPaths(branch, prefix))];
}

/**
 * The keys the config reference's rows name: the backticked names of the first column (a row's
 * later names, as in `prismaCloud.collectPodLabels`, `monitorIstio`, are relative to its first),
 * and the fields a row spells out as `{cidr, name}` or `{day: 7, hour: 4}`.
 */
function referencedKeys(readme: string): Set<string> {
  const section = readme.slice(readme.indexOf('## Config reference'));
  const table = section.slice(0, section.indexOf('\n## ', 1));
  return new Set(
    table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => {
        const [first, ...others] = [...line.split(' | ')[0].matchAll(/`([^`]+)`/g)].map((match) => match[1]);
        const keys = [first, ...others.map((key) => first.replace(/[^.]+$/, key))];
        const fields = [...line.matchAll(/`\{([^}`]+)\}`/g)].flatMap((match) => match[1].split(',').map((field) => field.split(':')[0].trim()));
        return [...keys, ...keys.flatMap((key) => fields.map((field) => `${key}.${field}`))];
      }),
  );
}

describe('the README config reference', () => {
  const schema = JSON.parse(meshConfigJsonSchema()) as SchemaNode;
  const documented = referencedKeys(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));

  it('names every key the config accepts', () => {
    // Objects are documented through their fields; `$schema` is the editor's, not the app's.
    const containers = new Set(keyPaths(schema).filter((key) => keyPaths(schema).some((other) => other.startsWith(`${key}.`) || other.startsWith(`${key}[]`))));
    const paths = [...new Set(keyPaths(schema))].filter((key) => !key.endsWith('[]') && key !== '$schema' && !containers.has(key));
    const missing = paths.filter((key) => !documented.has(key) && !documented.has(`${key}[]`));
    expect(missing).toEqual([]);
  });

  it('can fail: a key it does not name is missing', () => {
    expect(documented.has('policy.waivers[].reason')).toBe(true);
    expect(documented.has('asm.defaultOverlays')).toBe(true);
    expect(documented.has('policy.nonsense')).toBe(false);
  });
});

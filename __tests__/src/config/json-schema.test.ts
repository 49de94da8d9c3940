import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../src/config/load';
import { meshConfigJsonSchema } from '../../../src/config/json-schema';
import { REPO_ROOT } from '../../helpers';

describe('config JSON Schema', () => {
  it('is current: run `npm run schema` after changing src/config/schema.ts', () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, 'mesh.config.schema.json'), 'utf8')).toBe(meshConfigJsonSchema());
  });

  it('closes every object, so editors flag typos as the app does', () => {
    const schema = JSON.parse(meshConfigJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.clusters.items.additionalProperties).toBe(false);
    expect(schema.properties.clusters.items.properties.nodePools.items.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['project', 'region', 'clusters', 'asm']);
    expect(schema.properties.clusters.items.properties.nodePools.items.properties.imageType.enum).toEqual(['COS_CONTAINERD', 'UBUNTU_CONTAINERD']);
  });

  it('is referenced from the shipped config and every example', () => {
    const configs = [
      '__tests__/fixtures/default.yaml',
      ...fs
        .readdirSync(path.join(REPO_ROOT, 'examples'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => path.join('examples', f)),
    ];
    for (const file of configs) {
      const first = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')[0];
      expect(`${file}: ${first}`).toMatch(/: # yaml-language-server: \$schema=(\.\/|(\.\.\/)+)mesh\.config\.schema\.json$/);
    }
  });
});

describe('example configs', () => {
  const examples = fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));

  it.each(examples)('%s is valid', (file) => {
    expect(() => loadConfig(path.join(REPO_ROOT, 'examples', file))).not.toThrow();
  });
});

import { parse as parseWithYamlPackage } from 'yaml';
import { readYaml, writeYaml, YamlSyntaxError } from '../../../src/config/yaml';

function syntaxError(text: string): YamlSyntaxError {
  try {
    readYaml(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a YamlSyntaxError');
}

describe('readYaml', () => {
  it('reads YAML 1.2 core: yes and dates stay strings, 0o17 is octal', () => {
    expect(readYaml('a: yes\nb: 2024-01-01\nc: 0o17\nd: ~\ne: 1.30\n').value).toEqual({ a: 'yes', b: '2024-01-01', c: 15, d: null, e: 1.3 });
  });

  it('reads a text without a document as undefined', () => {
    expect(readYaml('').value).toBeUndefined();
    expect(readYaml('# only a comment\n').value).toBeUndefined();
  });

  it('refuses a duplicate key at its 1-based line and column', () => {
    const error = syntaxError('a: 1\nb:\n  c: 1\n  c: 2\n');
    expect([error.line, error.column, error.reason]).toEqual([4, 3, 'duplicated mapping key']);
    expect(error.message).toBe('line 4, column 3: duplicated mapping key');
  });

  it('refuses bad indentation and tabs with a position', () => {
    expect(syntaxError('a:\n\t- b\n')).toMatchObject({ line: 2, column: 1, reason: 'tab characters must not be used in indentation' });
    expect(syntaxError('clusters:\n  - name: a\n   - name: b\n').line).toBe(3);
  });

  it('refuses a second document, without a position', () => {
    expect(syntaxError('a: 1\n---\nb: 2\n')).toMatchObject({ line: undefined, reason: 'expected one document, found 2' });
  });

  describe('plainScalarText', () => {
    const document = readYaml('asm:\n  asmcliVersion: 1.30\n  nested: { asmcliVersion: 2.10 }\nlist:\n  - asmcliVersion: 3.10\nquoted: "1.30"\n');

    it('gives an unquoted scalar as written, where the value lost its trailing zero', () => {
      expect((document.value as { asm: { asmcliVersion: number } }).asm.asmcliVersion).toBe(1.3);
      expect(document.plainScalarText(['asm', 'asmcliVersion'])).toBe('1.30');
    });

    it('follows mapping keys only, at every depth of flow and block style', () => {
      expect(document.plainScalarText(['asm', 'nested', 'asmcliVersion'])).toBe('2.10');
      expect(document.plainScalarText(['asmcliVersion'])).toBeUndefined();
      expect(document.plainScalarText(['list', 'asmcliVersion'])).toBeUndefined();
    });

    it('gives nothing for a quoted scalar, a collection or a missing key', () => {
      expect(document.plainScalarText(['quoted'])).toBeUndefined();
      expect(document.plainScalarText(['asm'])).toBeUndefined();
      expect(document.plainScalarText(['asm', 'missing'])).toBeUndefined();
    });

    it('keeps its place after keys that hold collections and aliases', () => {
      const text = 'a: &x { b: [1, 2] }\nc: *x\nasm: { asmcliVersion: 1.20 }\n';
      expect(readYaml(text).plainScalarText(['asm', 'asmcliVersion'])).toBe('1.20');
    });
  });
});

describe('writeYaml', () => {
  const value = {
    z: { b: [1, 'two', '3', 'yes', 'on', 'a: b', '', 'true'], y: null, a: 'long '.repeat(30).trim() },
    a: true,
    shared: [{ k: 1 }],
  };

  it('sorts keys at every level and writes block style', () => {
    expect(writeYaml(value)).toBe(
      [
        'a: true',
        'shared:',
        '  - k: 1',
        'z:',
        `  a: ${'long '.repeat(30).trim()}`,
        '  b:',
        '    - 1',
        '    - two',
        '    - "3"',
        '    - "yes"',
        '    - "on"',
        '    - "a: b"',
        '    - ""',
        '    - "true"',
        '  "y": null',
        '',
      ].join('\n'),
    );
  });

  it('quotes what a YAML 1.1 reader (go-yaml v2, as Istio reads mesh config) would take for a boolean', () => {
    expect(writeYaml({ values: ['y', 'n', 'on', 'off', 'yes', 'no'] })).toBe('values:\n  - "y"\n  - "n"\n  - "on"\n  - "off"\n  - "yes"\n  - "no"\n');
  });

  it('writes a shared object twice, without anchors', () => {
    const shared = { k: 1 };
    expect(writeYaml({ a: shared, b: shared })).toBe('a:\n  k: 1\nb:\n  k: 1\n');
  });

  it('reads back as the same value, with js-yaml and with the yaml package', () => {
    const text = writeYaml(value);
    expect(readYaml(text).value).toEqual(value);
    expect(parseWithYamlPackage(text)).toEqual(value);
  });
});

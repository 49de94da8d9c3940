import { AsmInstall } from '../../../lib/mesh/asm-install';
import { AsmRevisionRetirement } from '../../../lib/mesh/asm-revision-retirement';
import { RevisionRestart } from '../../../lib/mesh/revision-restart';
import { logicalId, resourceAt, synth, testStack } from '../../helpers';
import { BASE } from './asm-install-fixture';

type LocalExec = { command: string; environment: Record<string, string>; when?: string };
const exec = (resource: Record<string, unknown>) => (resource.provisioner as { 'local-exec': LocalExec }[]).map((p) => p['local-exec']);

describe('AsmRevisionRetirement', () => {
  const stack = testStack();
  const serving = new AsmInstall(stack, 'asm', { ...BASE, usePrivateEndpoint: true });
  new AsmRevisionRetirement(stack, 'retire-old', { serving, revision: 'asm-1233' });
  const json = synth(stack);
  const retire = resourceAt(json, 'terraform_data', 'retire-old/retire');

  it("runs the installer's retire step once, for the old revision, after the serving install", () => {
    const [create, ...others] = exec(retire);
    expect(others).toEqual([]);
    expect(create.when).toBeUndefined();
    expect(create.command).toBe(`bash ${serving.scriptPath} retire`);
    expect(create.environment).toEqual({
      ASM_PROJECT: 'mesh-project',
      ASM_CLUSTER: 'alpha',
      ASM_LOCATION: 'us-central1',
      ASM_REVISION: 'asm-1233',
      ASM_SERVING_REVISION: 'asm-1234',
      ASM_PRIVATE_ENDPOINT: 'true',
    });
    expect(retire.depends_on).toEqual([`terraform_data.${logicalId(json, 'terraform_data', 'asm/apply')}`]);
    expect(retire.triggers_replace).toEqual({ cluster: 'mesh-project/us-central1/alpha', revision: 'asm-1233' });
  });

  it('refuses the serving revision and a revision that is not a label', () => {
    const scope = testStack();
    const install = new AsmInstall(scope, 'asm', BASE);
    expect(() => new AsmRevisionRetirement(scope, 'same', { serving: install, revision: 'asm-1234' })).toThrow(
      'AsmRevisionRetirement: props.revision is the serving revision asm-1234; only an earlier revision can be retired',
    );
    expect(() => new AsmRevisionRetirement(scope, 'bad', { serving: install, revision: 'Old_1' })).toThrow(/AsmRevisionRetirement: props\.revision must be/);
  });
});

describe('RevisionRestart', () => {
  const props = { project: 'mesh-project', clusterName: 'alpha', clusterLocation: 'us-central1', revision: 'asm-1234', namespaces: ['shop', 'web'] };

  it('restarts the namespaces again whenever the revision changes', () => {
    const stack = testStack();
    new RevisionRestart(stack, 'pods', props);
    const restart = resourceAt(synth(stack), 'terraform_data', 'pods/restart');
    const [create] = exec(restart);
    expect(create.command).toMatch(/^bash assets\/pods_script_\w+\/\w+\/asm-install\.sh restart shop web$/);
    const { project, clusterName, clusterLocation, revision } = props;
    const target = { ASM_PROJECT: project, ASM_CLUSTER: clusterName, ASM_LOCATION: clusterLocation, ASM_REVISION: revision };
    expect(create.environment).toEqual({ ...target, ASM_PRIVATE_ENDPOINT: 'false' });
    expect(restart.triggers_replace).toEqual({ revision: 'asm-1234', namespaces: 'shop web' });
  });

  it('refuses no namespaces and a namespace that is not a label', () => {
    expect(() => new RevisionRestart(testStack(), 'r', { ...props, namespaces: [] })).toThrow(
      'RevisionRestart: props.namespaces must list at least one namespace',
    );
    expect(() => new RevisionRestart(testStack(), 'r', { ...props, namespaces: ['ok', 'Not OK'] })).toThrow(/RevisionRestart: props\.namespaces\[1\] must be/);
  });
});

import { ProjectServices } from '../../../lib/project/project-services';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

describe('ProjectServices', () => {
  let construct: ProjectServices;
  let json: SynthJson;

  beforeAll(() => {
    const stack = testStack();
    construct = new ProjectServices(stack, 'apis', {
      project: 'mesh-project',
      services: ['mesh.googleapis.com', 'container.googleapis.com', 'gkehub.googleapis.com', 'container.googleapis.com', 'mesh.googleapis.com'],
    });
    json = synth(stack);
  });

  it('enables each service once, sorted by name', () => {
    expect(construct.enabled.map((service) => service.serviceInput)).toEqual(['container.googleapis.com', 'gkehub.googleapis.com', 'mesh.googleapis.com']);
    expect(
      resources(json, 'google_project_service')
        .map((r) => r.service)
        .sort(),
    ).toEqual(['container.googleapis.com', 'gkehub.googleapis.com', 'mesh.googleapis.com']);
  });

  it('keeps every API enabled on destroy, and its dependants too', () => {
    const all = resources(json, 'google_project_service');
    expect(all).toHaveLength(3);
    for (const service of all) {
      expect(service.disable_on_destroy).toBe(false);
      expect(service.disable_dependent_services).toBe(false);
      expect(service.project).toBe('mesh-project');
    }
  });

  it('names each resource after its service', () => {
    expect(resourceAt(json, 'google_project_service', 'apis/container-googleapis-com')).toEqual({
      project: 'mesh-project',
      service: 'container.googleapis.com',
      disable_on_destroy: false,
      disable_dependent_services: false,
    });
  });

  it('creates nothing else', () => {
    expect(Object.keys(json.resource ?? {})).toEqual(['google_project_service']);
  });

  describe('validation', () => {
    const build = (services: string[]) => () => new ProjectServices(scope(), 'apis', { project: 'p', services });

    it('refuses an empty list', () => {
      expect(build([])).toThrow(new Error('ProjectServices: props.services must list at least one API'));
    });

    it.each([
      'container',
      'Container.googleapis.com',
      'container.googleapis.com ',
      ' container.googleapis.com',
      'https://container.googleapis.com',
      'container.google.com',
      'container.googleapis.com/v1',
      '.googleapis.com',
      'container..googleapis.com',
      'container_api.googleapis.com',
    ])('refuses %j, naming the prop and the service', (bad) => {
      expect(build(['mesh.googleapis.com', bad])).toThrow(new Error(`ProjectServices: props.services has "${bad}", which is not an API name`));
    });

    it.each([
      ['container.googleapis.com'],
      ['gkehub.googleapis.com'],
      ['mesh.googleapis.com'],
      ['cloud-resource-manager.v2.googleapis.com'],
      ['iam.googleapis.com', 'iam.googleapis.com'],
    ])('accepts %j', (...good) => {
      expect(build(good)).not.toThrow();
    });
  });
});

import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
import { requireProp } from '../core/validate';

export interface ProjectServicesProps {
  /** Project to enable the APIs in. */
  readonly project: string;
  /** Service names, such as `container.googleapis.com`. */
  readonly services: readonly string[];
}

/**
 * Enables Google APIs. They stay enabled on destroy: turning an API off can break other
 * workloads in the project, and re-enabling is slow.
 */
export class ProjectServices extends Construct {
  /** The enabled services, for `dependsOn`. */
  public readonly enabled: readonly ProjectService[];
  /** The enabled services by name (`iam.googleapis.com`). */
  public readonly byName: ReadonlyMap<string, ProjectService>;

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    requireProp(props.services.length > 0, 'ProjectServices', 'services', 'must list at least one API');
    const unique = [...new Set(props.services)].sort();
    for (const service of unique) {
      requireProp(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.googleapis\.com$/.test(service), 'ProjectServices', 'services', `has "${service}", which is not an API name`);
    }
    this.enabled = unique.map(
      (service) =>
        new ProjectService(this, service.replace(/\./g, '-'), {
          project: props.project,
          service,
          disableOnDestroy: false,
          disableDependentServices: false,
        }),
    );
    this.byName = new Map(this.enabled.map((service, index) => [unique[index], service]));
  }
}

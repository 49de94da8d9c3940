import { Construct } from 'constructs';
import { TerraformData } from './terraform-data';
import { requireProp } from './validate';

/** One recorded fact the config may never change, and what the refusal says. */
export interface LockedFact {
  /** A key of `record`. */
  readonly key: string;
  /**
   * The refusal, given `recorded(key)`: an interpolation of what the first apply stored under a
   * key, which Terraform fills in when the message is shown.
   */
  readonly errorMessage: (recorded: (key: string) => string) => string;
  /**
   * What a record written before this fact was locked stands for: a record without the key
   * compares (and reads in messages) as this value, so locking a new fact needs no migration.
   * @default none: every record holds the key
   */
  readonly unrecorded?: string;
}

export interface RecordedFactLockProps {
  /** What the first apply stores, never updated: the locked facts and any context the messages name. */
  readonly record: Readonly<Record<string, string>>;
  /** The facts a later plan must leave as recorded. */
  readonly locked: readonly LockedFact[];
  /** The name of the subclass, for prop errors. @default 'RecordedFactLock' */
  readonly constructName?: string;
}

// Values are written into HCL string literals; anything that would end or template one is refused.
const PLAIN_VALUE = /^[^"\\$%\n]*$/;

/**
 * Refuses, at plan time, a change to facts that only their first apply may set. `record` keeps
 * the values of the first apply (its input is never updated); `guard`'s preconditions compare them
 * with the config's, one per fact, so a change fails the whole plan before anything is touched.
 * Removing the lock (the thing it guards left the config) takes the record with it.
 */
export class RecordedFactLock extends Construct {
  public readonly record: TerraformData;
  public readonly guard: TerraformData;

  constructor(scope: Construct, id: string, props: RecordedFactLockProps) {
    super(scope, id);
    const name = props.constructName ?? 'RecordedFactLock';
    for (const [key, value] of Object.entries(props.record)) {
      requireProp(PLAIN_VALUE.test(value), name, `record.${key}`, `must not hold quotes, backslashes, $, % or newlines, got ${JSON.stringify(value)}`);
    }
    requireProp(props.locked.length > 0, name, 'locked', 'must name at least one fact');
    for (const fact of props.locked) requireProp(fact.key in props.record, name, 'locked', `names "${fact.key}", which is not a key of record`);

    this.record = new TerraformData(this, 'record', { input: { ...props.record }, lifecycle: { ignoreChanges: ['input'] } });
    const defaults = new Map(props.locked.filter((fact) => fact.unrecorded !== undefined).map((fact) => [fact.key, fact.unrecorded!]));
    for (const [key, value] of defaults)
      requireProp(
        PLAIN_VALUE.test(value),
        name,
        `locked.${key}.unrecorded`,
        `must not hold quotes, backslashes, $, % or newlines, got ${JSON.stringify(value)}`,
      );
    const output = (key: string) => (defaults.has(key) ? `try(${this.record.fqn}.output.${key}, "${defaults.get(key)}")` : `${this.record.fqn}.output.${key}`);
    const recorded = (key: string) => `\${${output(key)}}`;
    this.guard = new TerraformData(this, 'guard', {
      input: Object.fromEntries(props.locked.map((fact) => [fact.key, props.record[fact.key]])),
      lifecycle: {
        precondition: props.locked.map((fact) => ({
          condition: `\${${output(fact.key)} == "${props.record[fact.key]}"}`,
          errorMessage: fact.errorMessage(recorded),
        })),
      },
    });
  }
}

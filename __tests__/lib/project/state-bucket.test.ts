import { StateBucket, type StateBucketProps } from '../../../lib/project/state-bucket';
import { testStack } from '../../helpers';

const PROPS: StateBucketProps = { project: 'state-project', name: 'acme-mesh-tfstate', location: 'us-central1' };
const attempt = (overrides: Partial<StateBucketProps>) => () => new StateBucket(testStack(), 'state', { ...PROPS, ...overrides });

describe('StateBucket validation', () => {
  it('accepts a valid bucket, with and without a key, soft delete off or 7-90 days', () => {
    expect(attempt({})).not.toThrow();
    expect(attempt({ kmsKeyName: 'projects/kms-project/locations/us/keyRings/r/cryptoKeys/k', location: 'US' })).not.toThrow();
    for (const softDeleteDays of [0, 7, 90]) expect(attempt({ softDeleteDays })).not.toThrow();
  });

  it.each([
    [
      { name: 'Bad' },
      'name must be a Cloud Storage bucket name (lowercase letters, digits, -, _ and ., starting and ending with a letter or digit), got "Bad"',
    ],
    [
      { project: 'x' },
      'project must be a GCP project ID (6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen), got "x"',
    ],
    [{ location: 'us-central1-a' }, 'location must be a region such as us-central1 or a multi-region such as US or EU, got "us-central1-a"'],
    [{ kmsKeyName: 'key' }, 'kmsKeyName must be a Cloud KMS key (projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY), got "key"'],
    [{ softDeleteDays: 3 }, 'softDeleteDays must be a whole number from 7 to 90, got 3'],
    [{ softDeleteDays: 91 }, 'softDeleteDays must be a whole number from 7 to 90, got 91'],
  ])('refuses %j', (overrides, message) => {
    expect(attempt(overrides)).toThrow(new Error(`StateBucket: props.${message}`));
  });
});

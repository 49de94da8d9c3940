import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { GOOGLE_MANAGED_BY } from '../core/mesh-conventions';
import { bucketLocation, gcsBucketName, kmsKeyName, projectId, wholeNumber } from '../core/rules';
import { check } from '../core/validate';
import { waive } from '../core/waivers';

/** Cloud Storage's default soft-delete window, kept: a deleted state object stays restorable. */
export const DEFAULT_SOFT_DELETE_DAYS = 7;

export interface StateBucketProps {
  readonly project: string;
  /** The bucket's name: global across Cloud Storage. */
  readonly name: string;
  /** A region, or a multi- or dual-region code. */
  readonly location: string;
  /**
   * A Cloud KMS key to encrypt state with (CMEK). Cloud Storage's service agent is granted
   * encrypt/decrypt on it.
   * @default Google-managed encryption
   */
  readonly kmsKeyName?: string;
  /**
   * Days a deleted or overwritten object stays restorable, besides versioning. 0 turns it off.
   * @default 7
   */
  readonly softDeleteDays?: number;
  /** APIs the bucket needs (storage, and Cloud KMS with a key). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The bucket Terraform state lives in, hardened: versioned, uniform bucket-level access, public
 * access prevention enforced, soft delete kept, optional CMEK, and protected from `destroy`
 * (Terraform refuses to plan its deletion). The mesh state holds credentials, so who can read this
 * bucket can reach the clusters.
 */
export class StateBucket extends Construct {
  public readonly bucket: StorageBucket;
  /** The bucket's name, for backends. */
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    check('StateBucket', 'project', props.project, projectId);
    check('StateBucket', 'name', props.name, gcsBucketName);
    check('StateBucket', 'location', props.location, bucketLocation);
    if (props.kmsKeyName !== undefined) check('StateBucket', 'kmsKeyName', props.kmsKeyName, kmsKeyName);
    const softDeleteDays = props.softDeleteDays ?? DEFAULT_SOFT_DELETE_DAYS;
    // Cloud Storage accepts 0 (off) or 7 to 90 days.
    if (softDeleteDays !== 0) check('StateBucket', 'softDeleteDays', softDeleteDays, wholeNumber({ min: 7, max: 90 }));

    const encryptionGrant = props.kmsKeyName ? this.grantKeyToStorage(props.project, props.kmsKeyName, props.dependsOn) : undefined;
    this.bucket = new StorageBucket(this, 'bucket', {
      project: props.project,
      name: props.name,
      location: props.location,
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      softDeletePolicy: { retentionDurationSeconds: softDeleteDays * 24 * 60 * 60 },
      encryption: props.kmsKeyName ? { defaultKmsKeyName: props.kmsKeyName } : undefined,
      forceDestroy: false,
      labels: { ...GOOGLE_MANAGED_BY, purpose: 'terraform-state' },
      lifecycle: { preventDestroy: true },
      dependsOn: [...(props.dependsOn ?? []), ...(encryptionGrant ? [encryptionGrant] : [])],
    });
    this.bucketName = this.bucket.name;
    waive(this.bucket, {
      rule: 'CKV_GCP_62, kics d6cabc3a, trivy AVD-GCP-0077 (bucket logging)',
      reason:
        'Access to state is audited by Cloud Audit Logs (Data Access logs for storage.googleapis.com); usage logs would need a second bucket that this bootstrap would have to create first.',
    });
  }

  /** Cloud Storage encrypts with the key as its own service agent, which needs the key's role. */
  private grantKeyToStorage(project: string, key: string, dependsOn?: ITerraformDependable[]): KmsCryptoKeyIamMember {
    const agent = new DataGoogleStorageProjectServiceAccount(this, 'storage-agent', { project, dependsOn });
    return new KmsCryptoKeyIamMember(this, 'storage-agent-key', {
      cryptoKeyId: key,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: agent.member,
    });
  }
}

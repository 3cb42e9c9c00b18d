// One JSON Schema per AWS CLI output file of snapshot format v1 (spec §2). They check only what
// bulkhead reads, so real CLI output with more fields passes; every field read is typed here.
const str = { type: 'string' }
const bool = { type: 'boolean' }
/** counts and days: never negative, and exact (no float rounding, no Infinity from 1e400) */
const int = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }
/** ISO 8601 as the AWS CLI and SDKs print it; the pattern documents the shape for other
 * validators, the `timestamp` format (src/snapshot/validate.ts) also rejects dates that do not
 * exist (ages are computed from these: NaN would make a check silently quiet) */
export const TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}(:?\\d{2})?)?$'
const date = { type: 'string', pattern: TIMESTAMP_PATTERN, format: 'timestamp' }
/** a name that the reader puts into a file name (`…--<name>.json`): no path separator, so a
 * hostile snapshot cannot make it read outside its directory, and no control character */
export const FILE_NAME_PART = '^[^/\\\\\\u0000-\\u001f\\u007f]+$'
const namePart = { type: 'string', pattern: FILE_NAME_PART }
const strings = { type: 'array', items: str }
const tagList = { type: 'array', items: { type: 'object', required: ['Key'], properties: { Key: str, Value: str } } }
/** a policy document: a JSON object, or the URL-encoded JSON string the raw API returns */
const policyDocument = { type: ['object', 'string'] }
const list = (key: string, item: object) => ({ type: 'object', required: [key], properties: { [key]: { type: 'array', items: item } } })
const obj = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties })

export const manifestSchema = obj(['formatVersion', 'collectedAt', 'accounts'], {
  formatVersion: { const: 1 },
  collectedAt: { type: 'string', format: 'date-time' },
  accounts: {
    type: 'array',
    minItems: 1,
    items: obj(['id', 'regions'], {
      id: { type: 'string', pattern: '^[0-9]{12}$' },
      name: str,
      environment: str,
      regions: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$' } },
    }),
  },
  errors: { type: 'array', items: obj(['operation', 'message'], { file: str, operation: str, message: str, accountId: str, region: str }) },
})

const inlinePolicies = (key: string) => ({ type: 'array', items: obj(['PolicyName', 'PolicyDocument'], { PolicyName: str, PolicyDocument: policyDocument }) })
const attached = { type: 'array', items: obj(['PolicyArn'], { PolicyName: str, PolicyArn: str }) }
const boundary = obj(['PermissionsBoundaryArn'], { PermissionsBoundaryArn: str, PermissionsBoundaryType: str })

export const authorizationDetailsSchema = {
  type: 'object',
  anyOf: [{ required: ['UserDetailList'] }, { required: ['RoleDetailList'] }, { required: ['GroupDetailList'] }, { required: ['Policies'] }],
  properties: {
    UserDetailList: {
      type: 'array',
      items: obj(['UserName', 'Arn'], {
        UserName: namePart, Arn: str, Path: str, CreateDate: date, UserPolicyList: inlinePolicies('UserPolicyList'),
        GroupList: strings, AttachedManagedPolicies: attached, PermissionsBoundary: boundary, Tags: tagList,
      }),
    },
    GroupDetailList: {
      type: 'array',
      items: obj(['GroupName', 'Arn'], { GroupName: str, Arn: str, Path: str, GroupPolicyList: inlinePolicies('GroupPolicyList'), AttachedManagedPolicies: attached }),
    },
    RoleDetailList: {
      type: 'array',
      items: obj(['RoleName', 'Arn', 'AssumeRolePolicyDocument'], {
        RoleName: str, Arn: str, Path: str, CreateDate: date, AssumeRolePolicyDocument: policyDocument,
        RolePolicyList: inlinePolicies('RolePolicyList'), AttachedManagedPolicies: attached, PermissionsBoundary: boundary, Tags: tagList,
      }),
    },
    Policies: {
      type: 'array',
      // PolicyName is derivable from the ARN; moto (the integration emulator) omits it.
      items: obj(['Arn', 'PolicyVersionList'], {
        PolicyName: str, Arn: str, Path: str, DefaultVersionId: str,
        PolicyVersionList: { type: 'array', items: obj(['Document'], { Document: policyDocument, VersionId: str, IsDefaultVersion: bool }) },
      }),
    },
  },
}

export const credentialReportSchema = obj(['Content'], { Content: { type: 'string', minLength: 1 }, ReportFormat: { const: 'text/csv' }, GeneratedTime: date })

export const listAccessKeysSchema = list('AccessKeyMetadata', obj(['AccessKeyId', 'Status'], { UserName: str, AccessKeyId: str, Status: { enum: ['Active', 'Inactive', 'Expired'] }, CreateDate: date }))

const masterSecret = obj(['SecretArn'], { SecretArn: str, KmsKeyId: str, SecretStatus: str })

export const dbInstancesSchema = list('DBInstances', obj(['DBInstanceIdentifier', 'DBInstanceArn', 'Engine'], {
  DBInstanceIdentifier: str, DBInstanceArn: str, Engine: str, DbiResourceId: str, DBInstanceStatus: str,
  DeletionProtection: bool, BackupRetentionPeriod: int, DBClusterIdentifier: str, StorageEncrypted: bool,
  KmsKeyId: str, MasterUserSecret: masterSecret, TagList: tagList, MasterUsername: str, IAMDatabaseAuthenticationEnabled: bool,
}))

export const dbClustersSchema = list('DBClusters', obj(['DBClusterIdentifier', 'DBClusterArn', 'Engine'], {
  DBClusterIdentifier: str, DBClusterArn: str, Engine: str, DbClusterResourceId: str, Status: str,
  DeletionProtection: bool, BackupRetentionPeriod: int, StorageEncrypted: bool, KmsKeyId: str,
  MasterUserSecret: masterSecret, TagList: tagList, MasterUsername: str, IAMDatabaseAuthenticationEnabled: bool,
  DBClusterMembers: { type: 'array', items: obj(['DBInstanceIdentifier'], { DBInstanceIdentifier: str }) },
}))

export const dbSnapshotsSchema = list('DBSnapshots', obj(['DBSnapshotIdentifier', 'DBSnapshotArn', 'SnapshotType'], {
  DBSnapshotIdentifier: str, DBSnapshotArn: str, DBInstanceIdentifier: str, DbiResourceId: str,
  SnapshotCreateTime: date, SnapshotType: str, Status: str, Encrypted: bool, KmsKeyId: str,
}))

export const dbClusterSnapshotsSchema = list('DBClusterSnapshots', obj(['DBClusterSnapshotIdentifier', 'DBClusterSnapshotArn', 'SnapshotType'], {
  DBClusterSnapshotIdentifier: str, DBClusterSnapshotArn: str, DBClusterIdentifier: str, DbClusterResourceId: str,
  SnapshotCreateTime: date, SnapshotType: str, Status: str, StorageEncrypted: bool, KmsKeyId: str,
}))

// AWS always sends DBInstanceArn; moto (the integration emulator) sends only the identifier.
export const dbInstanceAutomatedBackupsSchema = list('DBInstanceAutomatedBackups', { ...obj(['Status'], {
  DBInstanceArn: str, DbiResourceId: str, DBInstanceIdentifier: str, Status: str, DBInstanceAutomatedBackupsArn: str,
  BackupRetentionPeriod: int, Region: str, KmsKeyId: str,
  RestoreWindow: { type: 'object', properties: { EarliestTime: date, LatestTime: date } },
}), anyOf: [{ required: ['DBInstanceArn'] }, { required: ['DBInstanceIdentifier'] }] })

export const dbClusterAutomatedBackupsSchema = list('DBClusterAutomatedBackups', obj(['DBClusterArn', 'Status'], {
  DBClusterArn: str, DbClusterResourceId: str, DBClusterIdentifier: str, Status: str, DBClusterAutomatedBackupsArn: str,
  BackupRetentionPeriod: int, KmsKeyId: str,
  RestoreWindow: { type: 'object', properties: { EarliestTime: date, LatestTime: date } },
}))

export const backupVaultsSchema = list('BackupVaultList', obj(['BackupVaultName', 'BackupVaultArn'], {
  BackupVaultName: namePart, BackupVaultArn: str, EncryptionKeyArn: str, NumberOfRecoveryPoints: int,
  Locked: bool, MinRetentionDays: int, MaxRetentionDays: int, LockDate: date, CreationDate: date,
}))

export const vaultAccessPolicySchema = obj(['Policy'], { BackupVaultName: str, BackupVaultArn: str, Policy: policyDocument })

export const recoveryPointsSchema = list('RecoveryPoints', obj(['RecoveryPointArn', 'ResourceArn', 'Status'], {
  RecoveryPointArn: str, BackupVaultName: str, BackupVaultArn: str, SourceBackupVaultArn: str, ResourceArn: str,
  ResourceType: str, CreationDate: date, Status: str, EncryptionKeyArn: str, IsEncrypted: bool,
}))

export const backupPlansSchema = list('BackupPlansList', obj(['BackupPlanId'], { BackupPlanArn: str, BackupPlanId: namePart, BackupPlanName: str }))

export const backupPlanSchema = obj(['BackupPlan', 'BackupPlanId'], {
  BackupPlanId: str, BackupPlanArn: str,
  BackupPlan: obj(['BackupPlanName', 'Rules'], {
    BackupPlanName: str,
    Rules: {
      type: 'array',
      items: obj(['RuleName', 'TargetBackupVaultName'], {
        RuleName: str, TargetBackupVaultName: str, ScheduleExpression: str,
        Lifecycle: { type: 'object', properties: { DeleteAfterDays: int } },
        CopyActions: { type: 'array', items: obj(['DestinationBackupVaultArn'], { DestinationBackupVaultArn: str, Lifecycle: { type: 'object', properties: { DeleteAfterDays: int } } }) },
      }),
    },
  }),
})

export const backupSelectionsSchema = list('BackupSelectionsList', obj(['SelectionId'], { SelectionId: namePart, SelectionName: str, BackupPlanId: str, IamRoleArn: str }))

const conditionList = { type: 'array', items: obj(['ConditionKey', 'ConditionValue'], { ConditionKey: str, ConditionValue: str }) }
export const backupSelectionSchema = obj(['BackupSelection'], {
  SelectionId: str, BackupPlanId: str,
  BackupSelection: obj(['SelectionName', 'IamRoleArn'], {
    SelectionName: str, IamRoleArn: str, Resources: strings, NotResources: strings,
    ListOfTags: { type: 'array', items: obj(['ConditionType', 'ConditionKey', 'ConditionValue'], { ConditionType: str, ConditionKey: str, ConditionValue: str }) },
    Conditions: { type: 'object', properties: { StringEquals: conditionList, StringNotEquals: conditionList, StringLike: conditionList, StringNotLike: conditionList } },
  }),
})

export const kmsAliasesSchema = list('Aliases', obj(['AliasName'], { AliasName: str, AliasArn: str, TargetKeyId: str }))
export const secretsSchema = list('SecretList', obj(['ARN', 'Name'], { ARN: str, Name: str, KmsKeyId: str, Tags: tagList }))

export const orgAccountsSchema = list('Accounts', obj(['Id'], { Id: { type: 'string', pattern: '^[0-9]{12}$' }, Name: str, Arn: str, Status: str }))
export const orgTagsSchema = list('Tags', obj(['Key', 'Value'], { Key: str, Value: str }))
export const orgRootsSchema = list('Roots', obj(['Id'], { Id: str, Arn: str, Name: str }))
export const orgParentsSchema = list('Parents', obj(['Id', 'Type'], { Id: str, Type: str }))
export const orgPoliciesForTargetSchema = list('Policies', obj(['Id'], { Id: str, Arn: str, Name: str, Type: str }))
export const orgDescribePolicySchema = obj(['Policy'], {
  Policy: obj(['PolicySummary', 'Content'], { PolicySummary: obj(['Id'], { Id: str, Arn: str, Name: str, Type: str }), Content: policyDocument }),
})

// ---------------------------------------------------------------------------------------------
// S3 (spec §8): `aws s3api ...`, one namespace per account, in <account-id>/global/

const REGION = '^[a-z]{2}(-[a-z]+)+-[0-9]+$'
/** bucket names are part of the per-bucket file names */
export const s3ListBucketsSchema = obj(['Buckets'], {
  Buckets: { type: 'array', items: obj(['Name'], { Name: namePart, CreationDate: date, BucketRegion: { type: 'string', pattern: REGION } }) },
  Owner: { type: 'object', properties: { DisplayName: str, ID: str } },
})
/** us-east-1 answers null (the CLI prints it, some tools write ""), and EU stands for eu-west-1 */
export const s3BucketLocationSchema = obj([], { LocationConstraint: { type: ['string', 'null'], pattern: `${REGION}|^EU$|^$` } })
/** {} when versioning was never enabled */
export const s3BucketVersioningSchema = obj([], { Status: { enum: ['Enabled', 'Suspended'] }, MFADelete: { enum: ['Enabled', 'Disabled'] } })
export const s3ObjectLockSchema = obj(['ObjectLockConfiguration'], {
  ObjectLockConfiguration: obj([], {
    ObjectLockEnabled: { enum: ['Enabled'] },
    Rule: obj([], { DefaultRetention: obj([], { Mode: { enum: ['GOVERNANCE', 'COMPLIANCE'] }, Days: int, Years: int }) }),
  }),
})
const enabledOrDisabled = { enum: ['Enabled', 'Disabled'] }
const statusOnly = obj(['Status'], { Status: enabledOrDisabled })
export const s3ReplicationSchema = obj(['ReplicationConfiguration'], {
  ReplicationConfiguration: obj(['Rules'], {
    Role: str,
    Rules: {
      type: 'array',
      items: obj(['Status', 'Destination'], {
        ID: str, Priority: int, Status: enabledOrDisabled, Prefix: str, Filter: { type: 'object' },
        Destination: obj(['Bucket'], { Bucket: str, Account: { type: 'string', pattern: '^[0-9]{12}$' }, StorageClass: str }),
        DeleteMarkerReplication: statusOnly,
      }),
    },
  }),
})
/** the CLI prints the policy as a JSON string */
export const s3BucketPolicySchema = obj(['Policy'], { Policy: policyDocument })
export const s3LifecycleSchema = obj(['Rules'], {
  Rules: {
    type: 'array',
    items: obj(['Status'], {
      ID: str, Status: enabledOrDisabled, Prefix: str, Filter: { type: 'object' },
      Expiration: obj([], { Days: int, Date: date, ExpiredObjectDeleteMarker: bool }),
      NoncurrentVersionExpiration: obj([], { NoncurrentDays: int, NewerNoncurrentVersions: int }),
    }),
  },
})
export const s3BucketTaggingSchema = obj(['TagSet'], { TagSet: { type: 'array', items: obj(['Key', 'Value'], { Key: str, Value: str }) } })

// ---------------------------------------------------------------------------------------------
// DynamoDB (spec §8): `aws dynamodb ...`, per region

export const dynamodbListTablesSchema = obj(['TableNames'], { TableNames: { type: 'array', items: namePart } })
export const dynamodbDescribeTableSchema = obj(['Table'], {
  Table: obj(['TableName', 'TableArn'], {
    TableName: str, TableArn: str, TableId: str, TableStatus: str, DeletionProtectionEnabled: bool,
    SSEDescription: obj([], { Status: str, SSEType: str, KMSMasterKeyArn: str }),
  }),
})
export const dynamodbContinuousBackupsSchema = obj(['ContinuousBackupsDescription'], {
  ContinuousBackupsDescription: obj(['ContinuousBackupsStatus'], {
    ContinuousBackupsStatus: { enum: ['ENABLED', 'DISABLED'] },
    PointInTimeRecoveryDescription: obj([], { PointInTimeRecoveryStatus: { enum: ['ENABLED', 'DISABLED'] }, EarliestRestorableDateTime: date, LatestRestorableDateTime: date, RecoveryPeriodInDays: int }),
  }),
})
export const dynamodbListBackupsSchema = list('BackupSummaries', obj(['TableName', 'BackupArn', 'BackupStatus', 'BackupType'], {
  TableName: str, TableId: str, TableArn: str, BackupArn: str, BackupName: str, BackupCreationDateTime: date,
  BackupExpiryDateTime: date, BackupStatus: { enum: ['CREATING', 'DELETED', 'AVAILABLE'] }, BackupType: { enum: ['USER', 'SYSTEM', 'AWS_BACKUP'] }, BackupSizeBytes: int,
}))
export const dynamodbTagsSchema = list('Tags', obj(['Key', 'Value'], { Key: str, Value: str }))

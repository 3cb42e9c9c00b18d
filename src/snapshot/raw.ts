// Typed views of the AWS CLI output files that the schemas in ./schemas admit. PascalCase stops
// at src/inventory/normalize*.ts.
export type RawTag = { Key: string; Value?: string }
export type RawPolicyDocument = object | string

export interface RawInlinePolicy { PolicyName: string; PolicyDocument: RawPolicyDocument }
export interface RawAttached { PolicyName?: string; PolicyArn: string }
export interface RawBoundary { PermissionsBoundaryArn: string }

export interface RawUser {
  UserName: string; Arn: string; Path?: string; CreateDate?: string; UserPolicyList?: RawInlinePolicy[]
  GroupList?: string[]; AttachedManagedPolicies?: RawAttached[]; PermissionsBoundary?: RawBoundary; Tags?: RawTag[]
}
export interface RawGroup { GroupName: string; Arn: string; GroupPolicyList?: RawInlinePolicy[]; AttachedManagedPolicies?: RawAttached[] }
export interface RawRole {
  RoleName: string; Arn: string; Path?: string; AssumeRolePolicyDocument: RawPolicyDocument; RolePolicyList?: RawInlinePolicy[]
  AttachedManagedPolicies?: RawAttached[]; PermissionsBoundary?: RawBoundary; Tags?: RawTag[]
}
export interface RawManagedPolicy {
  PolicyName?: string; Arn: string; DefaultVersionId?: string
  PolicyVersionList: { Document: RawPolicyDocument; VersionId?: string; IsDefaultVersion?: boolean }[]
}
export interface RawAuthorizationDetails {
  UserDetailList?: RawUser[]; GroupDetailList?: RawGroup[]; RoleDetailList?: RawRole[]; Policies?: RawManagedPolicy[]
}

export interface RawMasterSecret { SecretArn: string; KmsKeyId?: string }
export interface RawDbInstance {
  DBInstanceIdentifier: string; DBInstanceArn: string; Engine: string; DbiResourceId?: string; DBInstanceStatus?: string
  DeletionProtection?: boolean; BackupRetentionPeriod?: number; DBClusterIdentifier?: string; StorageEncrypted?: boolean
  KmsKeyId?: string; MasterUserSecret?: RawMasterSecret; TagList?: RawTag[]; MasterUsername?: string; IAMDatabaseAuthenticationEnabled?: boolean
}
export interface RawDbCluster {
  DBClusterIdentifier: string; DBClusterArn: string; Engine: string; DbClusterResourceId?: string; Status?: string
  DeletionProtection?: boolean; BackupRetentionPeriod?: number; StorageEncrypted?: boolean; KmsKeyId?: string
  MasterUserSecret?: RawMasterSecret; TagList?: RawTag[]; DBClusterMembers?: { DBInstanceIdentifier: string }[]
  MasterUsername?: string; IAMDatabaseAuthenticationEnabled?: boolean
}
export interface RawDbSnapshot {
  DBSnapshotIdentifier: string; DBSnapshotArn: string; DBInstanceIdentifier?: string; DbiResourceId?: string
  SnapshotCreateTime?: string; SnapshotType: string; Status?: string; Encrypted?: boolean; KmsKeyId?: string
}
export interface RawDbClusterSnapshot {
  DBClusterSnapshotIdentifier: string; DBClusterSnapshotArn: string; DBClusterIdentifier?: string; DbClusterResourceId?: string
  SnapshotCreateTime?: string; SnapshotType: string; Status?: string; StorageEncrypted?: boolean; KmsKeyId?: string
}
export interface RawAutomatedBackup {
  DBInstanceArn?: string; DbiResourceId?: string; DBInstanceIdentifier?: string; Status: string
  DBInstanceAutomatedBackupsArn?: string; RestoreWindow?: { EarliestTime?: string; LatestTime?: string }; KmsKeyId?: string
}
export interface RawClusterAutomatedBackup {
  DBClusterArn: string; DbClusterResourceId?: string; DBClusterIdentifier?: string; Status: string
  DBClusterAutomatedBackupsArn?: string; RestoreWindow?: { EarliestTime?: string; LatestTime?: string }; KmsKeyId?: string
}
export interface RawVault {
  BackupVaultName: string; BackupVaultArn: string; EncryptionKeyArn?: string; NumberOfRecoveryPoints?: number
  Locked?: boolean; MinRetentionDays?: number; MaxRetentionDays?: number; LockDate?: string
}
export interface RawRecoveryPoint {
  RecoveryPointArn: string; BackupVaultName?: string; BackupVaultArn?: string; ResourceArn: string; ResourceType?: string
  CreationDate?: string; Status: string; EncryptionKeyArn?: string; IsEncrypted?: boolean
}
export interface RawBackupPlan {
  BackupPlanId: string; BackupPlanArn?: string
  BackupPlan: {
    BackupPlanName: string
    Rules: {
      RuleName: string; TargetBackupVaultName: string; ScheduleExpression?: string; Lifecycle?: { DeleteAfterDays?: number }
      CopyActions?: { DestinationBackupVaultArn: string; Lifecycle?: { DeleteAfterDays?: number } }[]
    }[]
  }
}
export interface RawConditionEntry { ConditionKey: string; ConditionValue: string }
export interface RawBackupSelection {
  SelectionId?: string
  BackupSelection: {
    SelectionName: string; IamRoleArn: string; Resources?: string[]; NotResources?: string[]
    ListOfTags?: { ConditionType: string; ConditionKey: string; ConditionValue: string }[]
    Conditions?: Partial<Record<'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike', RawConditionEntry[]>>
  }
}

// S3 (spec §8): one entry per bucket of list-buckets, with what each per-bucket file said.
// undefined = not collected (a gap is recorded), null = absent, which the API's NotFound means.
export interface RawBucketListing { Name: string; CreationDate?: string; BucketRegion?: string }
export interface RawObjectLockConfiguration {
  ObjectLockEnabled?: string
  Rule?: { DefaultRetention?: { Mode?: string; Days?: number; Years?: number } }
}
export interface RawReplicationRule {
  ID?: string; Priority?: number; Status: string; Prefix?: string; Filter?: Record<string, unknown>
  Destination: { Bucket: string; Account?: string; StorageClass?: string }
  DeleteMarkerReplication?: { Status: string }
}
export interface RawLifecycleRule {
  ID?: string; Status: string; Prefix?: string; Filter?: Record<string, unknown>
  Expiration?: { Days?: number; Date?: string; ExpiredObjectDeleteMarker?: boolean }
  NoncurrentVersionExpiration?: { NoncurrentDays?: number; NewerNoncurrentVersions?: number }
}
export interface RawBucket {
  listing: RawBucketListing
  location?: { LocationConstraint?: string | null } | null
  versioning?: { Status?: string; MFADelete?: string }
  objectLock?: RawObjectLockConfiguration | null
  replication?: { Role?: string; Rules: RawReplicationRule[] } | null
  policy?: RawPolicyDocument | null
  lifecycle?: RawLifecycleRule[] | null
  tags?: RawTag[] | null
}

// DynamoDB (spec §8), per region.
export interface RawTable {
  TableName: string; TableArn: string; TableId?: string; TableStatus?: string; DeletionProtectionEnabled?: boolean
  SSEDescription?: { Status?: string; SSEType?: string; KMSMasterKeyArn?: string }
}
export interface RawContinuousBackups {
  ContinuousBackupsStatus: string
  PointInTimeRecoveryDescription?: { PointInTimeRecoveryStatus?: string; EarliestRestorableDateTime?: string; LatestRestorableDateTime?: string; RecoveryPeriodInDays?: number }
}
export interface RawTableEntry {
  name: string
  /** undefined: describe-table not collected (the table is left out, with a gap) */
  table?: RawTable
  continuousBackups?: RawContinuousBackups
  tags?: RawTag[] | null
}
export interface RawDynamodbBackup {
  TableName: string; TableId?: string; TableArn?: string; BackupArn: string; BackupName?: string
  BackupCreationDateTime?: string; BackupExpiryDateTime?: string; BackupStatus: string; BackupType: string
}

export interface RawRegion {
  region: string
  dbInstances?: RawDbInstance[]
  dbClusters?: RawDbCluster[]
  dbSnapshots?: RawDbSnapshot[]
  dbClusterSnapshots?: RawDbClusterSnapshot[]
  automatedBackups?: RawAutomatedBackup[]
  clusterAutomatedBackups?: RawClusterAutomatedBackup[]
  vaults?: { vault: RawVault; file: string; policy: RawPolicyDocument | null | undefined; policyFile: string; recoveryPoints?: RawRecoveryPoint[]; recoveryPointsFile: string }[]
  plans?: { id: string; plan?: RawBackupPlan; file: string; selections: { selection: RawBackupSelection; id: string }[] }[]
  kmsAliases?: { AliasName: string; TargetKeyId?: string }[]
  secrets?: { ARN: string; Name: string; KmsKeyId?: string; Tags?: RawTag[] }[]
  /** undefined: dynamodb-list-tables not collected */
  tables?: RawTableEntry[]
  dynamodbBackups?: RawDynamodbBackup[]
}

export interface RawAccount {
  id: string
  name?: string
  environment?: string
  regions: RawRegion[]
  authorizationDetails?: RawAuthorizationDetails
  authorizationDetailsFile: string
  credentialReportCsv?: string
  accessKeys: Map<string, { AccessKeyId: string; Status: string; CreateDate?: string }[]>
  /** undefined: s3api-list-buckets not collected */
  buckets?: RawBucket[]
}

export interface RawOrganization {
  accounts: Map<string, { Id: string; Name?: string }>
  tags: Map<string, RawTag[]>
  roots: { Id: string }[]
  parents: Map<string, { Id: string; Type: string }[]>
  policiesForTarget: Map<string, { Id: string; Name?: string; Arn?: string }[]>
  policies: Map<string, { Id: string; Name?: string; Arn?: string; Content: RawPolicyDocument; file: string }>
}

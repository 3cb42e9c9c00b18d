// Known privilege escalation methods, as data. Sources:
// [Rhino] Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"
//         https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
// [PMapper] NCC Group Principal Mapper edge checkers, principalmapper/graphing/*_edges.py
//         https://github.com/nccgroup/PMapper

/** A way to act as another principal (a "control" edge of the graph). */
export interface ControlMethod {
  id: string
  /** action the caller needs on the target principal's ARN */
  onTarget: string
  targetKind: 'user' | 'role'
  /** further actions needed on "*": each inner list is alternatives (OR), the outer list AND */
  alsoNeeds: string[][]
  /** PassRole methods: the service the target role must trust */
  service?: string
  source: string
}

export const CONTROL_METHODS: readonly ControlMethod[] = [
  // [Rhino] "Creating a new user access key"; [PMapper] iam_edges (CreateAccessKey)
  { id: 'create-access-key', onTarget: 'iam:CreateAccessKey', targetKind: 'user', alsoNeeds: [], source: 'Rhino: CreateAccessKey; PMapper iam_edges' },
  // [Rhino] "Creating a new login profile"; [PMapper] iam_edges (CreateLoginProfile)
  { id: 'create-login-profile', onTarget: 'iam:CreateLoginProfile', targetKind: 'user', alsoNeeds: [], source: 'Rhino: CreateLoginProfile; PMapper iam_edges' },
  // [Rhino] "Updating an existing login profile"; [PMapper] iam_edges (UpdateLoginProfile)
  { id: 'update-login-profile', onTarget: 'iam:UpdateLoginProfile', targetKind: 'user', alsoNeeds: [], source: 'Rhino: UpdateLoginProfile; PMapper iam_edges' },
  // [Rhino] "Updating the AssumeRolePolicyDocument of a role"; [PMapper] iam_edges (UpdateAssumeRolePolicy)
  { id: 'update-assume-role-policy', onTarget: 'iam:UpdateAssumeRolePolicy', targetKind: 'role', alsoNeeds: [], source: 'Rhino: UpdateAssumeRolePolicy + sts:AssumeRole; PMapper iam_edges' },
  // [Rhino] "Passing a role to a new Lambda function, then invoking it" / "... with a DynamoDB trigger"; [PMapper] lambda_edges
  { id: 'passrole-lambda', onTarget: 'iam:PassRole', targetKind: 'role', service: 'lambda.amazonaws.com',
    alsoNeeds: [['lambda:CreateFunction'], ['lambda:InvokeFunction', 'lambda:CreateEventSourceMapping']], source: 'Rhino: PassRole + Lambda CreateFunction/InvokeFunction; PMapper lambda_edges' },
  // [Rhino] "Creating an EC2 instance with an existing instance profile"; [PMapper] ec2_edges
  { id: 'passrole-ec2', onTarget: 'iam:PassRole', targetKind: 'role', service: 'ec2.amazonaws.com',
    alsoNeeds: [['ec2:RunInstances']], source: 'Rhino: PassRole + ec2:RunInstances; PMapper ec2_edges' },
  // [PMapper] ecs task roles (RegisterTaskDefinition + RunTask with a passed task role)
  { id: 'passrole-ecs', onTarget: 'iam:PassRole', targetKind: 'role', service: 'ecs-tasks.amazonaws.com',
    alsoNeeds: [['ecs:RegisterTaskDefinition'], ['ecs:RunTask', 'ecs:CreateService']], source: 'Rhino (part 2): PassRole + ECS RegisterTaskDefinition/RunTask' },
  // [Rhino] "Passing a role to CloudFormation"; [PMapper] cloudformation_edges
  { id: 'passrole-cloudformation', onTarget: 'iam:PassRole', targetKind: 'role', service: 'cloudformation.amazonaws.com',
    alsoNeeds: [['cloudformation:CreateStack']], source: 'Rhino: PassRole + cloudformation:CreateStack; PMapper cloudformation_edges' },
  // [Rhino] "Passing a role to a Glue Development Endpoint"
  { id: 'passrole-glue', onTarget: 'iam:PassRole', targetKind: 'role', service: 'glue.amazonaws.com',
    alsoNeeds: [['glue:CreateDevEndpoint', 'glue:CreateJob']], source: 'Rhino: PassRole + glue:CreateDevEndpoint' },
  // [PMapper] codebuild_edges (CreateProject + StartBuild with a passed service role)
  { id: 'passrole-codebuild', onTarget: 'iam:PassRole', targetKind: 'role', service: 'codebuild.amazonaws.com',
    alsoNeeds: [['codebuild:CreateProject'], ['codebuild:StartBuild', 'codebuild:StartBuildBatch']], source: 'PMapper codebuild_edges' },
  // [PMapper] sagemaker_edges (CreateNotebookInstance / CreateTrainingJob / CreateProcessingJob)
  { id: 'passrole-sagemaker', onTarget: 'iam:PassRole', targetKind: 'role', service: 'sagemaker.amazonaws.com',
    alsoNeeds: [['sagemaker:CreateNotebookInstance', 'sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob']], source: 'PMapper sagemaker_edges; Rhino (part 2) SageMaker' },
  // [Rhino] "Passing a role to Data Pipeline"
  { id: 'passrole-datapipeline', onTarget: 'iam:PassRole', targetKind: 'role', service: 'datapipeline.amazonaws.com',
    alsoNeeds: [['datapipeline:CreatePipeline'], ['datapipeline:PutPipelineDefinition']], source: 'Rhino: PassRole + Data Pipeline CreatePipeline/PutPipelineDefinition' },
]

/** A way to give a principal (one the caller is or controls) arbitrary permissions. */
export interface EmpowerMethod {
  id: string
  /** action on: the principal itself, one of its customer-managed policies, or one of its groups */
  action: string
  on: 'user' | 'role' | 'group' | 'attached-policy'
  /** true when success depends on facts the inventory lacks (older policy versions) */
  conditional: boolean
  source: string
}

export const EMPOWER_METHODS: readonly EmpowerMethod[] = [
  // [Rhino] "Creating a new policy version"; [PMapper] iam_edges
  { id: 'create-policy-version', action: 'iam:CreatePolicyVersion', on: 'attached-policy', conditional: false, source: 'Rhino: CreatePolicyVersion; PMapper iam_edges' },
  // [Rhino] "Setting the default policy version to an existing version": only if an older
  // version grants more, which the IAM data does not show, so the edge is conditional
  { id: 'set-default-policy-version', action: 'iam:SetDefaultPolicyVersion', on: 'attached-policy', conditional: true, source: 'Rhino: SetDefaultPolicyVersion' },
  // [Rhino] "Attaching a policy to a user / group / role"; [PMapper] iam_edges
  { id: 'attach-user-policy', action: 'iam:AttachUserPolicy', on: 'user', conditional: false, source: 'Rhino: AttachUserPolicy' },
  { id: 'attach-role-policy', action: 'iam:AttachRolePolicy', on: 'role', conditional: false, source: 'Rhino: AttachRolePolicy' },
  { id: 'attach-group-policy', action: 'iam:AttachGroupPolicy', on: 'group', conditional: false, source: 'Rhino: AttachGroupPolicy' },
  // [Rhino] "Creating/updating an inline policy for a user / group / role"; [PMapper] iam_edges
  { id: 'put-user-policy', action: 'iam:PutUserPolicy', on: 'user', conditional: false, source: 'Rhino: PutUserPolicy' },
  { id: 'put-role-policy', action: 'iam:PutRolePolicy', on: 'role', conditional: false, source: 'Rhino: PutRolePolicy' },
  { id: 'put-group-policy', action: 'iam:PutGroupPolicy', on: 'group', conditional: false, source: 'Rhino: PutGroupPolicy' },
]

/** [Rhino] "Adding a user to a group": the caller joins a group and gains its policies. */
export const ADD_USER_TO_GROUP = { id: 'add-user-to-group', action: 'iam:AddUserToGroup', source: 'Rhino: AddUserToGroup; PMapper iam_edges' } as const

import { join } from 'node:path'
import {
  allTasks,
  listWorkflows,
  placeholderOfTask,
  substitute,
  type WorkflowDefinition,
} from '../stepfunctions/definitions'
import { lambdaDefaults } from './functions'
import { isProduction, pascal, physicalName } from './names'

type Links = sst.aws.FunctionArgs['link']

/**
 * A state machine, linked as `{arn, workflow}`: the linked function may start executions of it
 * and ask about them, nothing more. `workflow` (the ASL file name) is how the runtime's config
 * finds the machine for an operation kind.
 */
const makeStateMachinesLinkable = () =>
  sst.Linkable.wrap(aws.sfn.StateMachine, (machine) => ({
    properties: {
      arn: machine.arn,
      workflow: machine.tags.apply((tags) => tags?.['berth:workflow'] ?? ''),
    },
    include: [
      sst.aws.permission({ actions: ['states:StartExecution'], resources: [machine.arn] }),
      sst.aws.permission({
        actions: ['states:DescribeExecution'],
        resources: [
          machine.arn.apply((arn) => `${arn.replace(':stateMachine:', ':execution:')}:*`),
        ],
      }),
    ],
  }))

/** One Lambda per task any ASL file names: functions/workflow/<task>.ts. */
const createTaskFunctions = (tasks: string[], link: Links) =>
  new Map(
    tasks.map((task) => [
      task,
      new sst.aws.Function(`Task${pascal(task)}`, {
        ...lambdaDefaults(),
        handler: `functions/workflow/${task}.handler`,
        description: `Berth workflow task ${task}`,
        memory: '512 MB',
        timeout: '1 minute',
        link,
      }),
    ])
  )

/**
 * Least privilege for one state machine: invoke exactly the task functions its ASL names, and
 * deliver its own logs (CloudWatch's log-delivery actions take no resource narrower than *).
 */
const createRole = (workflow: WorkflowDefinition, functions: sst.aws.Function[]) => {
  const name = `Workflow${pascal(workflow.name)}`
  const account = aws.getCallerIdentityOutput({}).accountId
  const role = new aws.iam.Role(`${name}Role`, {
    assumeRolePolicy: $jsonStringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'states.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
      ],
    }),
  })
  new aws.iam.RolePolicy(`${name}Policy`, {
    role: role.id,
    policy: $jsonStringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['lambda:InvokeFunction'],
          Resource: functions.flatMap((f) => [f.arn, $interpolate`${f.arn}:*`]),
        },
        {
          Effect: 'Allow',
          Action: [
            'logs:CreateLogDelivery',
            'logs:GetLogDelivery',
            'logs:UpdateLogDelivery',
            'logs:DeleteLogDelivery',
            'logs:ListLogDeliveries',
            'logs:PutResourcePolicy',
            'logs:DescribeResourcePolicies',
            'logs:DescribeLogGroups',
          ],
          Resource: '*',
        },
      ],
    }),
  })
  return role
}

const createStateMachine = (workflow: WorkflowDefinition, tasks: Map<string, sst.aws.Function>) => {
  const name = `Workflow${pascal(workflow.name)}`
  const used = workflow.tasks.map((t) => tasks.get(t) as sst.aws.Function)
  const arns = Object.fromEntries(
    used.map((fn, i) => [placeholderOfTask(workflow.tasks[i] as string), fn.arn])
  )
  // Refuse at plan time, before any resource exists, a placeholder nothing here can fill.
  substitute(workflow, Object.fromEntries(Object.keys(arns).map((p) => [p, 'plan'])))
  const logs = new aws.cloudwatch.LogGroup(`${name}Logs`, {
    name: `/aws/vendedlogs/states/${physicalName(workflow.name)}`,
    retentionInDays: isProduction() ? 90 : 14,
  })
  return new aws.sfn.StateMachine(name, {
    name: physicalName(workflow.name),
    type: 'STANDARD',
    roleArn: createRole(workflow, used).arn,
    definition: $resolve(arns).apply((resolved) => substitute(workflow, resolved)),
    // Execution data stays out of the logs: task inputs can name clusters and projects, and a
    // failure's cause is already recorded on the cluster.
    loggingConfiguration: {
      level: 'ERROR',
      includeExecutionData: false,
      logDestination: $interpolate`${logs.arn}:*`,
    },
    tags: { 'berth:workflow': workflow.name },
  })
}

/**
 * Every workflow in stepfunctions/: its task Lambdas (linked to what tasks use) and one state
 * machine per ASL file with the task ARNs substituted.
 */
export const createWorkflows = (root: string, taskLinks: Links) => {
  makeStateMachinesLinkable()
  const workflows = listWorkflows(join(root, 'stepfunctions'))
  const tasks = createTaskFunctions(allTasks(workflows), taskLinks)
  const machines = workflows.map((w) => createStateMachine(w, tasks))
  return {
    machines,
    arns: Object.fromEntries(workflows.map((w, i) => [w.name, machines[i]?.arn])),
  }
}

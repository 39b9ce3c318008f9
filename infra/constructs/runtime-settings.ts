import { CfnOutput, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ScheduledFunction } from './scheduled-function';

/**
 * The region's runtime settings parameter (SSM Parameter Store, standard tier, String):
 * functions may read it, nobody in the stack may write it — `tanfang settings set` does, with
 * an administrator's own credentials, after validating the value.
 *
 * The stack does not create the parameter: CloudFormation rewrites a parameter it owns to the
 * template's value on any update of the resource, which would reset an office's holidays or
 * budget on a deploy. Absent, it reads as no settings (the region config's values apply); the
 * first `settings set` creates it. It is a String, not a SecureString: it holds no secret and no
 * personal data, and a SecureString would need every reader to hold kms:Decrypt for it.
 */
export class RuntimeSettings extends Construct {
  readonly parameterName: string;
  readonly parameterArn: string;

  constructor(scope: Construct, id: string, props: { region: string }) {
    super(scope, id);
    this.parameterName = `/tanfang/${props.region}/settings`;
    this.parameterArn = Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: this.parameterName.slice(1) });
    new CfnOutput(this, 'Parameter', { value: this.parameterName, description: 'Runtime settings: tanfang settings show|set --parameter <this>' });
  }

  /** Read on the one parameter, and its name in the function's environment. */
  grantRead(job: ScheduledFunction): void {
    job.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [this.parameterArn] }));
    job.fn.addEnvironment('TANFANG_SETTINGS_PARAMETER', this.parameterName);
  }
}

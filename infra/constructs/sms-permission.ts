import { Aws, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Role } from 'aws-cdk-lib/aws-iam';

/**
 * Lets a role send SMS straight to phone numbers and nothing else. SNS cannot scope SMS to a
 * resource, so Publish is allowed on `*` and publishing to any topic is denied explicitly.
 */
export function allowDirectSmsOnly(role: Role): void {
  role.addToPolicy(new PolicyStatement({ sid: 'SendSmsToPhoneNumbers', effect: Effect.ALLOW, actions: ['sns:Publish'], resources: ['*'] }));
  role.addToPolicy(new PolicyStatement({ sid: 'NoTopics', effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${Aws.PARTITION}:sns:*:*:*`] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'SMS to a phone number has no resource ARN; topics are denied by the NoTopics statement.',
  });
}

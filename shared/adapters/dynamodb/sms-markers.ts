import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReplyMeaning } from '../../domain/sms/message';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import type { ReplyTarget, SmsReplyTargets, TemplateStops } from '../../ports';
import { conditionally } from './errors';
import { phoneKey } from './phone-key';

/** Reply targets are kept 30 days: a reply to an older digest is stored and ignored. */
const REPLY_SECONDS = 30 * 86_400;

/**
 * The last reply-able SMS per phone and meaning, as one item in the outbox table
 * (`reply#escalation#<phone hash>`): a reply `1` finds what it answers with one GetItem.
 * A write only replaces an older target, so a late retry of an old digest never wins.
 */
export class DynamoReplyTargets implements SmsReplyTargets {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(phone: string, target: ReplyTarget): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            messageId: keyOf(phone, target.meaning),
            meaning: target.meaning,
            sourceMessageId: target.messageId,
            template: target.template,
            recipientId: target.recipientId,
            taskRefs: target.taskRefs,
            sentAt: target.sentAt,
            sentAtMs: toMillis(target.sentAt),
            expiresAtEpoch: Math.floor(toMillis(target.sentAt) / 1000) + REPLY_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(sentAtMs) OR sentAtMs <= :at',
          ExpressionAttributeValues: { ':at': toMillis(target.sentAt) },
        }),
      ),
    );
  }

  async latest(phone: string, meaning: ReplyMeaning): Promise<ReplyTarget | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { messageId: keyOf(phone, meaning) } }));
    if (!Item) return undefined;
    return {
      meaning: Item.meaning as ReplyMeaning,
      messageId: String(Item.sourceMessageId),
      template: String(Item.template),
      recipientId: String(Item.recipientId),
      taskRefs: (Item.taskRefs as string[] | undefined) ?? [],
      sentAt: String(Item.sentAt),
    };
  }
}

const keyOf = (phone: string, meaning: ReplyMeaning) => `reply#${meaning}#${phoneKey(phone)}`;

/**
 * Templates a provider refused (`stop#<template>#<code>`). The code is part of the key: once
 * the office files the template again and deploys the new code, its messages flow again.
 */
export class DynamoTemplateStops implements TemplateStops {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async stopped(templateId: string, code: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { messageId: `stop#${templateId}#${code}` } }));
    return Item ? String(Item.reason) : undefined;
  }

  async stop(templateId: string, code: string, reason: string, at: Instant): Promise<void> {
    await conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: { messageId: `stop#${templateId}#${code}`, reason, at }, ConditionExpression: 'attribute_not_exists(messageId)' })));
  }
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReviewDueElder } from '../../domain/ledger/review-due';
import type { LocalDate } from '../../domain/time/local-date';
import { withoutAttributes } from './items';
import { queryAll } from './paging';

/** Entries of a county last reviewed before `before` (the sort key starts with that day), oldest first: only overdue ones are read. */
export async function* reviewDueQuery(client: DynamoDBDocumentClient, table: string, county: string, before: LocalDate): AsyncIterable<ReviewDueElder> {
  for await (const item of queryAll(client, {
    TableName: table,
    IndexName: 'reviewDue',
    KeyConditionExpression: 'reviewCounty = :c AND reviewSort < :before',
    ExpressionAttributeValues: { ':c': county, ':before': before },
  })) {
    yield withoutAttributes<ReviewDueElder>(item, ['reviewCounty', 'reviewSort']);
  }
}

import type { SmsBudget } from '../../shared/ports';

/** The monthly segment budget with the DynamoDB adapter's rule: urgent always counted, non-urgent refused past the budget. */
export class InMemoryBudget implements SmsBudget {
  private readonly used = new Map<string, number>();

  async reserve(month: string, segments: number, urgent: boolean, budget: number): Promise<{ allowed: boolean; used: number }> {
    const used = this.used.get(month) ?? 0;
    if (!urgent && used + segments > budget) return { allowed: false, used };
    this.used.set(month, used + segments);
    return { allowed: true, used: used + segments };
  }
}

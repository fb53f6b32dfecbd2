import { eq } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { rotationPolicy } from '../schema.ts';
import { DEFAULT_POLICY, type Policy } from '../../domain/types.ts';

/** Reads the organisation's rotation policy (the defaults of PRODUCT.md until an admin sets one). */
export function getPolicy(db: Conn): Policy {
  const row = db.select().from(rotationPolicy).where(eq(rotationPolicy.id, 1)).get();
  if (!row) return DEFAULT_POLICY;
  return {
    maxConsecutiveMonths: row.maxConsecutiveMonths,
    maxConsecutiveMonthsOnProblem: row.maxConsecutiveMonthsOnProblem,
    weights: {
      fairness: row.weightFairness,
      freshness: row.weightFreshness,
      skillFit: row.weightSkillFit,
      network: row.weightNetwork,
    },
  };
}

/** Stores the rotation policy. */
export function savePolicy(db: Conn, policy: Policy, by: { userId?: number; at: string }): void {
  const values = {
    maxConsecutiveMonths: policy.maxConsecutiveMonths,
    maxConsecutiveMonthsOnProblem: policy.maxConsecutiveMonthsOnProblem,
    weightFairness: policy.weights.fairness,
    weightFreshness: policy.weights.freshness,
    weightSkillFit: policy.weights.skillFit,
    weightNetwork: policy.weights.network,
    updatedAt: by.at,
    updatedBy: by.userId,
  };
  db.insert(rotationPolicy)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: rotationPolicy.id, set: values })
    .run();
}

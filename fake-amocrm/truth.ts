// runtime: node
/**
 * The ground truth of a generated account, served at GET /__fake/truth. Finding ids and
 * definitions are those of the audit (issue 5); the audit's test asserts every id here.
 */
export interface TruthYear {
  year: number;
  created: number;
  won: number;
  revenue: number;
  /** won ÷ created, a fraction */
  conversion: number;
  avgDurationDays: number;
  avgCheck: number;
}

export interface Truth {
  /** ISO 8601 moment the audit windows end at (the generator's --as-of). */
  asOf: string;
  /** audit finding id → count; duplicates.* also have "<id>.groups" → number of groups */
  counts: Record<string, number>;
  /** injected duplicate groups (ids of cards that are the same real client) */
  duplicates: { contacts: number[][]; companies: number[][] };
  analytics: {
    years: TruthYear[];
    /** shares of lost deals that have a reason, 0..1, summing to 1 */
    lossReasons: { name: string; share: number }[];
  };
}

/** Whether a chat's subscription filters let a build through (an empty filter lets all through). */
export interface SubscriptionFilters {
  /** Master names; empty: every master. */
  masters: string[];
  builders: string[];
  tags: string[];
  branches: string[];
}

export interface BuildFacts {
  master: string;
  builder: string;
  tags: string[];
  branch: string | null;
}

export const NO_FILTERS: SubscriptionFilters = { masters: [], builders: [], tags: [], branches: [] };

export function filtersMatch(filters: SubscriptionFilters, facts: BuildFacts): boolean {
  if (filters.masters.length > 0 && !filters.masters.includes(facts.master)) return false;
  if (filters.builders.length > 0 && !filters.builders.includes(facts.builder)) return false;
  if (filters.tags.length > 0 && !facts.tags.some((tag) => filters.tags.includes(tag))) return false;
  if (filters.branches.length > 0 && (facts.branch === null || !filters.branches.includes(facts.branch))) return false;
  return true;
}

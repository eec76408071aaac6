/**
 * A ForceScheduler as /api/v2/forceschedulers describes it, turned into what commands use.
 * `all_fields` is a tree: the username/reason pair and each codebase are `type: "nested"`
 * groups (`fields: [...]`, `fullName: null`) around the leaves users fill in
 * (docs/buildbot-api.md, "Force schedulers and their parameters").
 */
import { z } from 'zod';
import { forceFieldSchema, type ForceField, type ForceScheduler } from './schemas.js';

export const rawForceSchedulerSchema = z.object({
  name: z.string(),
  label: z.string().nullable().optional(),
  builder_names: z.array(z.string()).default([]),
  enabled: z.boolean().default(true),
  all_fields: z.array(z.unknown()).default([]),
});
export type RawForceScheduler = z.infer<typeof rawForceSchedulerSchema>;

const nestedGroupSchema = z.object({ type: z.literal('nested'), fields: z.array(z.unknown()) });

/** Leaves of an `all_fields` tree in form order (depth first, as the web form shows them). */
export function flattenForceFields(nodes: readonly unknown[]): ForceField[] {
  const leaves: ForceField[] = [];
  for (const node of nodes) {
    const group = nestedGroupSchema.safeParse(node);
    if (group.success) {
      leaves.push(...flattenForceFields(group.data.fields));
    } else {
      leaves.push(forceFieldSchema.parse(node));
    }
  }
  return leaves;
}

export function toForceScheduler(raw: RawForceScheduler): ForceScheduler {
  return {
    name: raw.name,
    label: raw.label ?? raw.name,
    builderNames: raw.builder_names,
    enabled: raw.enabled,
    fields: flattenForceFields(raw.all_fields),
  };
}

// Runs fuzz targets: each input is timed alone; an error the target does not claim as its own
// refusal, or an input taking longer than the budget, is a failure reported with the input.
import { mutate, rng, type FuzzInput } from './mutate.ts';
import type { FuzzTarget } from './targets.ts';

export const MAX_INPUT_MS = 1000;

export interface TargetReport {
  name: string;
  inputs: number;
  refused: number;
  accepted: number;
  slowestMs: number;
  failure: { kind: 'crash' | 'slow'; message: string; input: FuzzInput } | null;
}

/**
 * Runs `rounds` inputs (the seeds themselves first, then mutations) through one target, or just
 * `replay` when given; stops at the first failure.
 */
export async function fuzzTarget(target: FuzzTarget, seed: number, rounds: number, replay?: FuzzInput): Promise<TargetReport> {
  const r = rng(seed);
  const report: TargetReport = { name: target.name, inputs: 0, refused: 0, accepted: 0, slowestMs: 0, failure: null };
  for (let i = 0; i < (replay === undefined ? rounds : 1) && !report.failure; i++) {
    const input = replay ?? (i < target.seeds.length ? target.seeds[i]! : mutate(r, target.seeds));
    const start = performance.now();
    try {
      const outcome = await target.run(input);
      report[outcome === 'accepted' ? 'accepted' : 'refused']++;
    } catch (error) {
      if (target.typedError?.(error)) report.refused++;
      else report.failure = { kind: 'crash', message: `${(error as Error)?.name}: ${(error as Error)?.message}`, input };
    }
    const ms = performance.now() - start;
    report.inputs++;
    report.slowestMs = Math.max(report.slowestMs, ms);
    if (!report.failure && ms > MAX_INPUT_MS) report.failure = { kind: 'slow', message: `took ${ms.toFixed(0)} ms (at most ${MAX_INPUT_MS})`, input };
  }
  return report;
}

/** A per-target seed, so adding a target does not change the inputs of the others. */
export function targetSeed(seed: number, name: string): number {
  let h = seed >>> 0;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

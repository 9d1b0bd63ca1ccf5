// `npm run fuzz`: every target in the registry, FUZZ_ROUNDS inputs in all (default 200,000) spread
// evenly, from FUZZ_SEED (default: the clock, printed). Prints a table per target; exits 1 on a crash
// or an input over 1 s, printing that input for replay: FUZZ_TARGET=<name> FUZZ_REPLAY=<input> runs it alone.
import { fromReplayForm, replayForm } from './mutate.ts';
import { fuzzTarget, MAX_INPUT_MS, targetSeed, type TargetReport } from './run.ts';
import { TARGETS } from './targets.ts';

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const only = process.env.FUZZ_TARGET;
const targets = TARGETS.filter((t) => !only || t.name === only);
const replay = process.env.FUZZ_REPLAY ? fromReplayForm(process.env.FUZZ_REPLAY) : undefined;
const total = Number(process.env.FUZZ_ROUNDS ?? 200_000);
const perTarget = Math.ceil(total / Math.max(1, targets.length));
console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed}), ${perTarget} inputs for each of ${targets.length} targets, at most ${MAX_INPUT_MS} ms each`);

const started = performance.now();
const reports: TargetReport[] = [];
for (const target of targets) {
  const report = await fuzzTarget(target, targetSeed(seed, target.name), perTarget, replay);
  reports.push(report);
  console.log(`  ${target.name}: ${report.inputs} inputs, slowest ${report.slowestMs.toFixed(1)} ms${report.failure ? `, FAILED (${report.failure.kind})` : ''}`);
}

const rows = [['target', 'inputs', 'typed refusals', 'accepted', 'slowest ms'], ...reports.map((r) => [r.name, String(r.inputs), String(r.refused), String(r.accepted), r.slowestMs.toFixed(1)])];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
console.log('');
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
const inputs = reports.reduce((n, r) => n + r.inputs, 0);
console.log(`\n${inputs} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);

const failed = reports.filter((r) => r.failure);
for (const r of failed) {
  console.log(`\nFAILED ${r.name}: ${r.failure!.kind}: ${r.failure!.message}\n  replay: FUZZ_TARGET='${r.name}' FUZZ_REPLAY=${replayForm(r.failure!.input)} npm run fuzz`);
}
process.exitCode = failed.length ? 1 : 0;

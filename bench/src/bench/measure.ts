import { LoadResult, runLoad } from './load';
import { Scenario } from './scenarios';

/** One measurement of a scenario and the catalog reference measured on either side of it. */
export interface Repetition {
  scenario: LoadResult;
  referenceBefore: LoadResult;
  referenceAfter: LoadResult;
  /** Reads: the scenario's p95 ÷ the mean p95 of the two references around it. */
  ratio: number | null;
}

interface MeasureOptions {
  baseUrl: string;
  reference: Scenario;
  scenarios: Scenario[];
  repetitions: number;
  warmupMs: number;
  durationMs: number;
  log: (message: string) => void;
}

/**
 * Measures every scenario `repetitions` times, interleaved with the catalog
 * reference: ref, A, ref, B, …, ref, then again from A. Each repetition of a
 * scenario is compared with the references just before and after it, and the
 * repetitions of one scenario lie minutes apart, so that a slow spell of a
 * shared machine moves one repetition (and its own references), not the
 * median.
 */
export async function measureInterleaved(options: MeasureOptions): Promise<{
  repetitions: Record<string, Repetition[]>;
  references: LoadResult[];
}> {
  const measure = async (scenario: Scenario) => {
    const result = await runLoad({
      baseUrl: options.baseUrl,
      concurrency: scenario.concurrency,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      next: scenario.next,
    });
    options.log(
      `${scenario.id.padEnd(13)} p50 ${result.p50} ms  p95 ${
        result.p95
      } ms  p99 ${result.p99} ms  ${result.throughput}/s  errors ${
        result.errors
      } ${JSON.stringify(result.statuses)}`,
    );
    return result;
  };

  const repetitions: Record<string, Repetition[]> = {};
  if (options.scenarios.length === 0) {
    return { repetitions, references: [] };
  }
  let reference = await measure(options.reference);
  const references = [reference];
  for (let r = 1; r <= options.repetitions; r++) {
    options.log(`repetition ${r} of ${options.repetitions}`);
    for (const scenario of options.scenarios) {
      const result = await measure(scenario);
      const after = await measure(options.reference);
      const referenceP95 = (reference.p95 + after.p95) / 2;
      (repetitions[scenario.id] ??= []).push({
        scenario: result,
        referenceBefore: reference,
        referenceAfter: after,
        ratio:
          scenario.kind === 'read' && referenceP95 > 0
            ? result.p95 / referenceP95
            : null,
      });
      references.push(after);
      reference = after;
    }
  }
  return { repetitions, references };
}

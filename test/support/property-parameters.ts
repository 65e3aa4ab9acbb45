import fc from "fast-check";

/**
 * Seed of every property run, fixed so that a run is repeatable. Set
 * PROPERTY_SEED to an integer to explore other inputs. When a property
 * fails, fast-check prints the seed and the path of the counterexample.
 */
export const PROPERTY_SEED = seedFromEnvironment();

function seedFromEnvironment(): number {
  const text = process.env.PROPERTY_SEED;
  if (text === undefined || text === "") return 20260101;

  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`PROPERTY_SEED must be an integer, got "${text}".`);
  }
  return seed;
}

/**
 * Builds fast-check parameters for one property: the fixed seed, the
 * number of runs, a time limit per run and a time limit for the whole
 * property, shrinking included. Reaching the total limit fails the
 * property instead of passing it with fewer runs.
 */
export function propertyParameters<T>(
  numRuns: number,
  limits: { runTimeoutMs: number; totalTimeoutMs: number },
): fc.Parameters<T> {
  return {
    seed: PROPERTY_SEED,
    numRuns,
    plugins: [
      fc.timeout(limits.runTimeoutMs),
      fc.interruptAfterTimeLimit(limits.totalTimeoutMs, {
        failOnInterrupt: true,
      }),
    ],
  };
}

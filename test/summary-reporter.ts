import { appendFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, 'tests: N passed, N failed, N skipped', that any CI can read.
 * Under scripts/test.mjs (npm test: two vitest runs) it appends its counts to XINGHUO_TEST_TALLY
 * instead, and the script prints the one total line.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    let passed = 0;
    // A file whose setup failed (a beforeAll, an import) leaves its tests skipped rather than
    // failed, and an error outside any test fails no test: each counts as one failure, so the
    // line never reads "0 failed" for a red run.
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let moduleFailed = false;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') {
          failed += 1;
          moduleFailed = true;
        } else skipped += 1;
      }
      if (!moduleFailed && module.state() === 'failed') failed += 1;
    }
    const tally = process.env.XINGHUO_TEST_TALLY;
    if (tally) appendFileSync(tally, `${JSON.stringify({ passed, failed, skipped })}\n`);
    else process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

// Ends the run with one plain line, "N passed, N failed, N skipped", that any CI can read without knowing Jest.
// Written when the process exits, so that it comes after Jest's own summary. Under test/run.mjs, which runs Jest
// more than once, the counts go to TEST_SUMMARY_FILE instead and the runner prints one line for all runs.
import fs from 'node:fs';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const counts = {
      passed: numPassedTests,
      failed: numFailedTests,
      skipped: numPendingTests + numTodoTests,
    };
    if (process.env.TEST_SUMMARY_FILE) {
      fs.appendFileSync(process.env.TEST_SUMMARY_FILE, `${JSON.stringify(counts)}\n`);
      return;
    }
    const line = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
    process.once('exit', () => process.stderr.write(`\n${line}\n`));
  }
}

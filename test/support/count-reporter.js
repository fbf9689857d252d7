// Writes the test counts where .ci/run reads them (CI does not read jest's own summary).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', '..', 'artifacts');
    mkdirSync(dir, { recursive: true });
    const failedSuites = results.numRuntimeErrorTestSuites + (results.wasInterrupted ? 1 : 0);
    writeFileSync(join(dir, 'test-counts.json'), JSON.stringify({ passed: results.numPassedTests, failed: results.numFailedTests + failedSuites }) + '\n');
  }
}
module.exports = CountReporter;

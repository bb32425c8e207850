// Writes one package's test counts to reports/jest/<name>.json so that the workspace test
// command can print a single "N passed, N failed" line across all packages.
const fs = require('node:fs');
const path = require('node:path');

class JestCountReporter {
  constructor(_globalConfig, options) {
    this.name = (options && options.name) || 'unknown';
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', 'reports', 'jest');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${this.name}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const summary = {
      name: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
      success: results.success,
    };
    fs.writeFileSync(file, JSON.stringify(summary, null, 2));
  }
}

module.exports = JestCountReporter;

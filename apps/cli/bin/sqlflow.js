#!/usr/bin/env node
'use strict';
// The `sqlflow` command. Logic lives in the packages; this only starts it.
const { main } = require('../dist/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`sqlflow: unexpected failure: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);

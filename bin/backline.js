#!/usr/bin/env node
// The `backline` command: the bundled CLI, built by `npm run build` into dist/cli.js.
import '../dist/cli.js';

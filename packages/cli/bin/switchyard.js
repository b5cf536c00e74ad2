#!/usr/bin/env node
import { main } from '../dist/main.js';

// A reader that stops early (`switchyard eval … | head`) closes the pipe; that ends the output, it is not a crash.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});

// Shared by the benchmark runners: whole-process timing with the kernel's peak RSS, medians, flags.
import { spawn } from 'node:child_process';

/**
 * Runs `command args` under `/usr/bin/time -v` in `cwd`; resolves the wall time in ms (spawn to
 * exit), the peak RSS in MB (the kernel's "Maximum resident set size") and what it printed.
 */
export function timed(command, commandArgs, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', command, ...commandArgs], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      if (code !== 0) return reject(new Error(`${command} ${commandArgs.join(' ')} exited ${code}\n${out}\n${err}`));
      resolve({ wallMs, peakRssMB: rss ? Number(rss[1]) / 1024 : NaN, out });
    });
  });
}

/** The median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

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

/**
 * Runs each of `runners` (name -> async function resolving a sample) `repetitions` times in
 * turn, reversing their order on every other repetition so that neither always goes first;
 * calls `after(name, sample, rep)` after each run (for logging and clean-up). Resolves the
 * samples of each runner, in run order.
 */
export async function alternate(runners, repetitions, after) {
  const names = Object.keys(runners);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let rep = 0; rep < repetitions; rep++) {
    for (const name of rep % 2 === 0 ? names : [...names].reverse()) {
      const sample = await runners[name]();
      samples[name].push(sample);
      after(name, sample, rep);
    }
  }
  return samples;
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

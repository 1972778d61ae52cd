import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogDestination, logBatchBytes, logFlushIntervalMs } from './log-destination.ts';

test('log lines are written in batches: when a batch is full, or after the flush interval', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kp-log-')), 'app.log');
  const fd = fs.openSync(file, 'a');
  const destination = createLogDestination(fd);
  try {
    destination.write('{"msg":"eins"}\n');
    assert.equal(fs.readFileSync(file, 'utf8'), '', 'one short line waits for its batch');
    const line = `{"msg":"${'x'.repeat(200)}"}\n`;
    for (let written = 0; written < logBatchBytes; written += line.length) destination.write(line);
    const full = fs.readFileSync(file, 'utf8');
    assert.ok(full.startsWith('{"msg":"eins"}\n') && full.length >= logBatchBytes, 'a full batch is written at once, in order');
    destination.write('{"msg":"zwei"}\n');
    await new Promise((resolve) => setTimeout(resolve, logFlushIntervalMs * 3));
    assert.ok(fs.readFileSync(file, 'utf8').endsWith('{"msg":"zwei"}\n'), 'a quiet process writes its lines within the interval');
  } finally {
    destination.destroy();
  }
});

test('a process that crashes still writes the lines it logged last', () => {
  const module = path.join(import.meta.dirname, 'log-destination.ts');
  const script = `import { createLogDestination } from ${JSON.stringify(module)};
const destination = createLogDestination();
destination.write('{"msg":"letzte Zeile vor dem Absturz"}\\n');
throw new Error('Absturz');`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.notEqual(child.status, 0);
  assert.match(child.stderr, /Absturz/);
  assert.equal(child.stdout, '{"msg":"letzte Zeile vor dem Absturz"}\n');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createMailer } from './mailer.ts';

test('mails are delivered to a real SMTP server when SMTP_URL is set', async () => {
  const received: { from: string; to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Portal <noreply@portal.test>', dataDir: os.tmpdir(), log: () => {} });
  try {
    await mailer.send({ to: 'erika@example.org', subject: 'Bitte bestätigen', text: 'Link: https://portal.test/x' });
    assert.equal(received.length, 1);
    assert.deepEqual(received[0]!.to, ['erika@example.org']);
    assert.equal(received[0]!.from, 'noreply@portal.test');
    assert.match(received[0]!.data, /Subject: =\?UTF-8\?Q\?Bitte_best=C3=A4tigen\?=|Subject: Bitte bestätigen/);
  } finally {
    mailer.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('without SMTP_URL each mail is written as an .eml file and logged', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-'));
  const logged: unknown[] = [];
  const mailer = createMailer({ smtpUrl: undefined, from: 'Portal <noreply@portal.test>', dataDir, log: (_m, data) => logged.push(data) });
  await mailer.send({ to: 'erika@example.org', subject: 'Test', text: 'Hallo' });
  const files = fs.readdirSync(path.join(dataDir, 'mail'));
  assert.equal(files.length, 1);
  assert.match(fs.readFileSync(path.join(dataDir, 'mail', files[0]!), 'utf8'), /To: erika@example\.org[\s\S]*Hallo/);
  assert.equal(logged.length, 1);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

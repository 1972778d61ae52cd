import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { securityHeaderMiddleware, staticSecurityHeaders } from './security.ts';

const response = () => new http.ServerResponse(new http.IncomingMessage(new net.Socket()));

test('the security headers taken once are exactly the ones helmet sets on a response', () => {
  const byHelmet = response();
  byHelmet.setHeader('X-Powered-By', 'something');
  let done = false;
  securityHeaderMiddleware()(byHelmet.req, byHelmet, () => (done = true));
  assert.ok(done);
  const fromList = response();
  for (const [name, value] of staticSecurityHeaders()) fromList.setHeader(name, value);
  assert.deepEqual({ ...fromList.getHeaders() }, { ...byHelmet.getHeaders() });
  assert.match(String(fromList.getHeader('content-security-policy')), /frame-ancestors 'none'/);
  assert.equal(byHelmet.getHeader('x-powered-by'), undefined, 'helmet removes X-Powered-By, which the app never sets');
  assert.ok(Object.keys(fromList.getHeaders()).length >= 10);
});

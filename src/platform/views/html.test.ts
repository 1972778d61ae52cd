import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, html, trustedHtml } from './html.ts';
import { errorSummary, textField } from './components.ts';

test('interpolated text is escaped; nested templates are not escaped twice', () => {
  const payload = '<script>alert("x")</script>&\'';
  const inner = html`<b>${payload}</b>`;
  assert.equal(html`<p title="${payload}">${inner}</p>`.value,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</b></p>');
  assert.equal(html`${[1, null, undefined, false, 'a']}`.value, '1a');
  assert.equal(html`${trustedHtml('<hr>')}`.value, '<hr>');
  assert.equal(html`<input${attr('disabled', true)}${attr('value', null)}>`.value, '<input disabled>');
});

test('a field with an error wires label, hint and error to the input', () => {
  const markup = textField({ name: 'email', label: 'E-Mail', hint: 'Hinweis', error: 'Falsch', errorPrefix: 'Fehler:' }).value;
  assert.match(markup, /<label class="kern-label" for="f-email">/);
  assert.match(markup, /id="f-email"[^>]*aria-describedby="f-email-hint f-email-error"[^>]*aria-invalid="true"/);
  assert.match(markup, /<span class="kern-sr-only">Fehler: <\/span>Falsch/);
});

test('the error summary links each message to its field and is empty without errors', () => {
  assert.equal(errorSummary('Problem', []).value, '');
  const markup = errorSummary('Problem', [{ field: 'email', message: 'Bitte ausfüllen' }]).value;
  assert.match(markup, /role="alert"/);
  assert.match(markup, /<a class="kern-link" href="#f-email">Bitte ausfüllen<\/a>/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutScriptElements } from './browser.ts';

// The audit of a page without JavaScript replays its HTML in a tab where scripts run (axe needs
// them); a page script left in would enhance the DOM under audit (the search field's combobox).
test('a replayed page keeps its markup and data blocks but none of its scripts', () => {
  const html = [
    '<html><head><script type="application/ld+json">{"@type":"GovernmentService"}</script>',
    '<script src="/assets/catalog-search.js" defer></script></head>',
    '<body><form><label for="q">Suche</label><input id="q" name="q"></form>',
    '<SCRIPT type="module">document.body.remove()</SCRIPT >',
    "<script type='text/javascript'>\nalert(1)\n</script><p>Ende</p></body></html>",
  ].join('');
  const replayed = withoutScriptElements(html);
  assert.equal(
    replayed,
    '<html><head><script type="application/ld+json">{"@type":"GovernmentService"}</script></head>' +
      '<body><form><label for="q">Suche</label><input id="q" name="q"></form><p>Ende</p></body></html>',
  );
  assert.equal(withoutScriptElements('<p>kein Skript</p>'), '<p>kein Skript</p>');
});

/** Where the keyboard focus is, read through DevTools: works with page scripts on and off. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** The DOM as far as the in-page function below uses it (the project compiles without the DOM library). */
declare const document: { activeElement: { tagName: string; id: string; getAttribute(name: string): string | null; textContent: string | null } | null };

export type Focus = { tag: string; id: string; href: string | null; text: string };

export function focused(page: Page): Promise<Focus | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return element ? { tag: element.tagName.toLowerCase(), id: element.id, href: element.getAttribute('href'), text: (element.textContent ?? '').trim().slice(0, 80) } : null;
  });
}

/** Waits (up to a second) until the element with `id` has the focus; fails naming what has it instead. */
export async function expectFocusOn(page: Page, id: string, why: string): Promise<Focus> {
  let now = await focused(page);
  for (let tries = 0; now?.id !== id && tries < 20; tries++) {
    await page.waitForTimeout(50);
    now = await focused(page);
  }
  assert.equal(now?.id, id, `${why}: the focus is on ${JSON.stringify(now)}`);
  return now;
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { layout, type PageOptions } from '../views/layout.ts';
import { pageContext, sendHtml, type SiteInfo } from './request-context.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a full page in the layout, in the request's language. */
    page(options: PageOptions & { status?: number }): FastifyReply;
  }
}

export function registerPage(app: FastifyInstance, site: SiteInfo): void {
  app.decorateReply('page', function page(this: FastifyReply, options: PageOptions & { status?: number }) {
    const html = layout(pageContext(this.request, site), options);
    return sendHtml(this, options.status ?? (options.hasErrors ? 422 : 200), html);
  });
}

/** Post/Redirect/Get: 303 so a reload never sends the form again. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}

/** Only same-site paths are followed after login or a language switch (no open redirects). */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}

/**
 * The contributions' routes, mounted on a Fastify app (the venue server, or the contributions
 * server for the residents' site: server.ts):
 *
 *   GET  /contribute[/<installation>]                    the form (the app's contribute mode); ?kiosk=1 at a venue
 *   GET  /contribute/api/<installation>                   what the form may offer: years, communities, age bands
 *   POST /contribute/api/<installation>/preview           a draft → a preview artefact's token, its cell, story flags
 *                                                         (no artefact when the draft would regroup others: previewGuard.ts)
 *   GET  /contribute/api/preview/<token>/mosaic.bin       that preview artefact (10 minutes)
 *   POST /contribute/api/<installation>                   a contribution → the withdrawal code
 *   POST /contribute/api/withdraw                         a withdrawal code → withdrawn
 *   GET  /installations/<installation>/mosaic.bin         the published artefact (with the approved contributions)
 *   GET  /moderate                                        the moderators' page
 *   POST /moderate/api/login | logout                     a moderator's session (cookie + CSRF token)
 *   GET  /moderate/api/queue?status=&installation=        contributions with their flags
 *   POST /moderate/api/contribution/<id>/edit | decide | preview
 *   GET  /moderate/api/audit                              the audit log
 *   POST /moderate/api/publish/<installation>             publish now
 *
 * Every change is a same-origin JSON request (guard.ts; the moderators' also carry their CSRF
 * token), rate-limited per address; bodies are limited to LIMITS.bodyBytes; every refusal says why
 * and names the JSON path. Values reach the database only as bound parameters.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { CARE_WORDS, contributionSchema, issueLines, LIMITS, TIER_WORDS, TIERS } from '../../contribute/contribution.ts';
import { cellHash } from '../../viewer/cellLink.ts';
import { crossSiteRefusal, jsonBodyRefusal } from '../venue/guard.ts';
import { CONTROL_HEADERS, mountControlPage, type ControlPage } from '../controlPage/controlPage.ts';
import { ModeratorAuth, MODERATOR_PATH } from './auth.ts';
import { flagStory, flagSummary } from './flags.ts';
import { PublicationRefused, type Publisher } from './publish.ts';
import { StoreRefusal, type ContributionStore, type Status, type StoredContribution } from './store.ts';

/** The moderators' page: its body, script and stylesheet in ./moderate/, its head the control pages' one. */
export const MODERATION_PAGE: ControlPage = {
  base: MODERATOR_PATH,
  dir: fileURLToPath(new URL('./moderate/', import.meta.url)),
  title: 'Noctiluca moderation',
  script: 'moderate.js',
  stylesheet: 'moderate.css',
  body: () => ({ file: 'body.html' }),
};
const PREVIEW_MS = 10 * 60_000;
const MAX_PREVIEWS = 64;

export interface ContributionRoutesOptions {
  store: ContributionStore;
  publisher: Publisher;
  installations: string[];
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  /** Submissions per address per minute (a kiosk is one address: give it room). */
  submitPerMinute?: number;
  /** Region for reading phone numbers in stories (ISO 3166 code). */
  phoneRegion?: CountryCode;
  /** Whether the form opens as a kiosk page by default (a venue). */
  kiosk?: boolean;
  /** Sends the build's file when there is no publication yet. */
  sendBuilt(reply: FastifyReply, path: string): FastifyReply | Promise<FastifyReply>;
  now?: () => number;
}

const editSchema = z.strictObject({
  story: z.string().min(1).max(LIMITS.story * 4).optional(),
  tier: z.enum(TIERS).optional(),
  community: z.null().optional(),
  ageBand: z.null().optional(),
});
const decideSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().min(1, 'give a reason (it stays in the audit log; it is never published)').max(500),
});
const withdrawSchema = z.strictObject({ code: z.string().max(64) });
const loginSchema = z.strictObject({ name: z.string().max(64), password: z.string().max(1024) });

/** Registers the routes on `app`, in a plugin of their own (their error messages are theirs). */
export async function mountContributions(app: FastifyInstance, o: ContributionRoutesOptions): Promise<{ auth: ModeratorAuth }> {
  const auth = new ModeratorAuth(o.store, o.now);
  const previews = new Map<string, { bytes: Uint8Array; expires: number }>();
  const now = o.now ?? Date.now;
  const known = (name: string) => o.installations.includes(name);

  await app.register(async (sub) => {
    // Oversized, malformed and wrongly typed bodies: a clear message, never the parser's internals.
    sub.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
      const status = err.statusCode ?? 500;
      const message =
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `refused: the request is larger than ${LIMITS.bodyBytes / 1024} KB; a story has at most ${LIMITS.story} characters`
          : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'refused: expected a JSON body (Content-Type: application/json)'
            : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (status === 400 && /JSON/i.test(err.message))
              ? 'refused: the body is not valid JSON'
              : status === 429
                ? err.message
                : status < 500
                  ? `refused: ${err.message}`
                  : 'something went wrong on the server; nothing was stored';
      if (status >= 500) o.log.warn({ url: req.url.split('?')[0], err: err.message }, 'contributions: server error');
      return reply.code(status).headers(CONTROL_HEADERS).send({ error: message });
    });

    const refuse = (reply: FastifyReply, status: number, error: string, lines: string[] = []) => reply.code(status).headers(CONTROL_HEADERS).send({ error, ...(lines.length ? { issues: lines } : {}) });
    /** A change from a page: same origin, JSON. */
    const pageGuard = (req: FastifyRequest, reply: FastifyReply) => {
      const r = crossSiteRefusal(req.headers, false) ?? jsonBodyRefusal(req.headers);
      return r ? refuse(reply, r.status, r.reason) : null;
    };
    const contextOf = (name: string) => o.publisher.context(name);
    const installationOf = (req: FastifyRequest): string => (req.params as { installation: string }).installation;

    // ---- the form ----
    const toForm = (name: string, req: FastifyRequest, reply: FastifyReply) => {
      const q = new URLSearchParams({ installation: name, mode: 'contribute' });
      const kiosk = (req.query as Record<string, string>).kiosk;
      if (kiosk === '1' || (o.kiosk && kiosk !== '0')) q.set('kiosk', '1');
      return reply.redirect(`/?${q}`, 302);
    };
    sub.get('/contribute', async (req, reply) => toForm(o.installations[0], req, reply));
    sub.get<{ Params: { installation: string } }>('/contribute/:installation', async (req, reply) =>
      known(req.params.installation) ? toForm(req.params.installation, req, reply) : refuse(reply, 404, `no installation "${req.params.installation}" takes contributions here (${o.installations.join(', ')} do)`),
    );
    sub.get<{ Params: { installation: string } }>('/contribute/api/:installation', async (req, reply) => {
      const ctx = contextOf(installationOf(req));
      if (!ctx) return refuse(reply, 404, `no installation "${installationOf(req)}" takes contributions here`);
      return reply.headers(CONTROL_HEADERS).send({ ...ctx, tiers: TIERS.map((t) => ({ tier: t, ...TIER_WORDS[t] })), care: CARE_WORDS, limits: LIMITS });
    });

    const parse = (req: FastifyRequest, reply: FastifyReply) => {
      const ctx = contextOf(installationOf(req));
      if (!ctx) return void refuse(reply, 404, `no installation "${installationOf(req)}" takes contributions here`);
      const r = contributionSchema(ctx).safeParse(req.body);
      if (!r.success) {
        const lines = issueLines(r.error);
        return void refuse(reply, 400, `refused: ${lines[0]}`, lines);
      }
      return r.data;
    };

    sub.post('/contribute/api/:installation/preview', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      if (pageGuard(req, reply)) return reply;
      const c = parse(req, reply);
      if (!c) return reply;
      const p = await o.publisher.preview(c.installation, c);
      const flags = flagStory(c.story ?? '', o.phoneRegion);
      const found = { flags: flags.map((f) => ({ kind: f.kind, text: f.text })), flagSummary: flagSummary(flags) };
      // A draft that would publish other residents differently gets no artefact and no cell (previewGuard.ts).
      if (p.regroups > 0 || p.cell < 0) return reply.headers(CONTROL_HEADERS).send({ token: null, cell: -1, exact: false, ...found });
      const t = now();
      for (const [k, v] of previews) if (v.expires < t) previews.delete(k);
      while (previews.size >= MAX_PREVIEWS) previews.delete(previews.keys().next().value!);
      const token = randomBytes(18).toString('base64url');
      previews.set(token, { bytes: p.bytes, expires: t + PREVIEW_MS });
      return reply.headers(CONTROL_HEADERS).send({ token, cell: p.cell, exact: true, ...found });
    });
    sub.get<{ Params: { token: string } }>('/contribute/api/preview/:token/mosaic.bin', async (req, reply) => {
      const p = previews.get(req.params.token);
      if (!p || p.expires < now()) return refuse(reply, 404, 'this preview has expired; press Preview again');
      return reply.headers({ ...CONTROL_HEADERS, 'Cache-Control': 'private, max-age=600' }).type('application/octet-stream').send(Buffer.from(p.bytes));
    });

    sub.post('/contribute/api/:installation', { config: { rateLimit: { max: o.submitPerMinute ?? 5, timeWindow: '1 minute' } } }, async (req, reply) => {
      if (pageGuard(req, reply)) return reply;
      const c = parse(req, reply);
      if (!c) return reply;
      const { id, code } = await o.store.submit(c, o.kiosk ? 'kiosk' : 'site');
      o.log.info({ installation: c.installation, tier: c.tier, contribution: id }, `contributions: a new ${c.tier} contribution to ${c.installation} waits for a moderator`);
      return reply.code(201).headers(CONTROL_HEADERS).send({ code, status: 'pending' });
    });

    sub.post('/contribute/api/withdraw', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
      if (pageGuard(req, reply)) return reply;
      const b = withdrawSchema.safeParse(req.body);
      if (!b.success) return refuse(reply, 400, `refused: ${issueLines(b.error)[0]}`);
      const r = await o.store.withdraw(b.data.code);
      if (!r.ok) {
        return r.reason === 'used'
          ? refuse(reply, 409, 'this code was used already: that contribution is withdrawn (or was never published), and nothing of it is kept')
          : refuse(reply, 404, 'no contribution has this code; check it letter by letter (it has 16 letters and digits)');
      }
      if (r.wasPublished) o.publisher.request(r.installation);
      o.log.info({ installation: r.installation }, `contributions: a contribution to ${r.installation} was withdrawn`);
      return reply.headers(CONTROL_HEADERS).send({ ok: true, published: r.wasPublished, message: r.wasPublished ? 'Withdrawn. Your cell and its card leave the mosaic at the next publication, within a minute or two.' : 'Withdrawn. It was never published, and nothing of it is kept.' });
    });

    // ---- the published artefact ----
    sub.get<{ Params: { installation: string } }>('/installations/:installation/mosaic.bin', async (req, reply) => {
      const name = req.params.installation;
      const file = o.publisher.artefactPath(name);
      if (!file) return o.sendBuilt(reply, `installations/${name}/mosaic.bin`);
      return reply.header('Cache-Control', 'no-cache').header('X-Noctiluca-Publication', String(o.publisher.latest(name)?.rev ?? 0)).type('application/octet-stream').send(readFileSync(file));
    });

    // ---- moderation ----
    mountControlPage(sub, MODERATION_PAGE);

    const moderator = (req: FastifyRequest, reply: FastifyReply, change: boolean): string | null => {
      const a = auth.check(req.headers, change);
      if (a.ok) return a.who;
      o.log.warn({ ip: req.ip, url: req.url.split('?')[0], status: a.status }, `moderation: ${a.reason}`);
      void refuse(reply, a.status, a.reason);
      return null;
    };

    sub.post('/moderate/api/login', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
      const g = crossSiteRefusal(req.headers, true) ?? jsonBodyRefusal(req.headers);
      if (g) return refuse(reply, g.status, g.reason);
      const b = loginSchema.safeParse(req.body);
      const s = b.success ? await auth.login(b.data.name, b.data.password) : null;
      if (!s) {
        await o.store.note(b.success ? b.data.name.slice(0, 64) : '?', 'login refused', { ip: req.ip });
        return refuse(reply, 401, 'refused: wrong name or password');
      }
      await o.store.note(s.name, 'logged in', { ip: req.ip });
      return reply.headers(CONTROL_HEADERS).header('Set-Cookie', s.setCookie).send({ csrf: s.csrf, name: s.name });
    });
    sub.post('/moderate/api/logout', async (req, reply) => {
      const g = crossSiteRefusal(req.headers, true);
      if (g) return refuse(reply, g.status, g.reason);
      return reply.headers(CONTROL_HEADERS).header('Set-Cookie', auth.sessions.close(req.headers)).send({ ok: true });
    });

    const view = (c: StoredContribution) => {
      const flags = flagStory(c.story ?? '', o.phoneRegion);
      return { ...c, flags, flagSummary: flagSummary(flags) };
    };
    sub.get('/moderate/api/queue', async (req, reply) => {
      const who = moderator(req, reply, false);
      if (!who) return reply;
      const q = req.query as Record<string, string>;
      const status = (['pending', 'approved', 'rejected', 'withdrawn'] as Status[]).includes(q.status as Status) ? (q.status as Status) : 'pending';
      const installation = q.installation && known(q.installation) ? q.installation : undefined;
      const list = await o.store.list(status, installation);
      return reply.headers(CONTROL_HEADERS).send({
        moderator: who,
        csrf: auth.sessions.csrfOf(req.headers),
        installations: o.installations,
        counts: await o.store.counts(installation),
        publications: Object.fromEntries(o.installations.map((n) => [n, o.publisher.latest(n)])),
        status,
        contributions: list.map(view),
        tiers: TIER_WORDS,
        care: CARE_WORDS,
      });
    });

    const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
    const storeCall = async <T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch (e) {
        if (e instanceof StoreRefusal) return void refuse(reply, e.status, `refused: ${e.message}`);
        throw e;
      }
    };
    sub.post('/moderate/api/contribution/:id/edit', async (req, reply) => {
      const who = moderator(req, reply, true);
      if (!who) return reply;
      const b = editSchema.safeParse(req.body);
      if (!b.success) return refuse(reply, 400, `refused: ${issueLines(b.error)[0]}`);
      const c = await storeCall(reply, () => o.store.edit(idOf(req), who, b.data));
      return c ? reply.headers(CONTROL_HEADERS).send(view(c)) : reply;
    });
    sub.post('/moderate/api/contribution/:id/decide', async (req, reply) => {
      const who = moderator(req, reply, true);
      if (!who) return reply;
      const b = decideSchema.safeParse(req.body);
      if (!b.success) return refuse(reply, 400, `refused: ${issueLines(b.error)[0]}`);
      const c = await storeCall(reply, () => o.store.decide(idOf(req), who, b.data.decision === 'approve' ? 'approved' : 'rejected', b.data.reason));
      if (!c) return reply;
      o.log.info({ installation: c.installation, contribution: c.id, by: who }, `moderation: ${who} ${c.status} a contribution to ${c.installation}`);
      if (c.status === 'approved') o.publisher.request(c.installation);
      return reply.headers(CONTROL_HEADERS).send({ id: c.id, status: c.status });
    });
    sub.post('/moderate/api/contribution/:id/preview', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const who = moderator(req, reply, true);
      if (!who) return reply;
      const c = await o.store.get(idOf(req));
      if (!c || c.status !== 'pending') return refuse(reply, 404, 'no pending contribution with this id');
      const p = await o.publisher.preview(c.installation, { installation: c.installation, tier: c.tier, story: c.story, ...c.journey });
      const token = randomBytes(18).toString('base64url');
      previews.set(token, { bytes: p.bytes, expires: now() + PREVIEW_MS });
      return reply.headers(CONTROL_HEADERS).send({ token, cell: p.cell, url: `/?installation=${encodeURIComponent(c.installation)}&mode=view&preview=${token}${cellHash(p.cell)}` });
    });
    sub.get('/moderate/api/audit', async (req, reply) => {
      const who = moderator(req, reply, false);
      if (!who) return reply;
      return reply.headers(CONTROL_HEADERS).send({ entries: await o.store.auditLog(200) });
    });
    sub.post<{ Params: { installation: string } }>('/moderate/api/publish/:installation', async (req, reply) => {
      const who = moderator(req, reply, true);
      if (!who) return reply;
      if (!known(req.params.installation)) return refuse(reply, 404, `no installation "${req.params.installation}" takes contributions here`);
      try {
        return reply.headers(CONTROL_HEADERS).send(await o.publisher.publish(req.params.installation));
      } catch (e) {
        if (e instanceof PublicationRefused) return refuse(reply, 409, `refused: ${e.message}`);
        throw e;
      }
    });
  });
  return { auth };
}

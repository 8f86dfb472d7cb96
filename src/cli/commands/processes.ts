import type { Command } from 'commander';
import type { Express } from 'express';
import type { Notifier } from '../../adapters/notifier';
import { createConsoleNotifier } from '../../adapters/console/notifier';
import { slackBotTokenLookup } from '../../app/slack-installations';
import { SlackNotifier, slackTokenResolver } from '../../adapters/slack/notifier';
import { TeamsNotifier } from '../../adapters/teams/notifier';
import { EmailNotifier } from '../../adapters/email/notifier';
import { personalLinkFor } from '../../app/email-links';
import { mountBallot } from '../../http/ballot';
import { mountConsole } from '../../http/console';
import { mountCharts } from '../../http/charts';
import { createSignInLink, listPilots, signInUrlFor } from '../../app/console-auth';
import { findTenant } from '../../app/lookup';
import { mountDevMail } from '../../http/dev-mail';
import { mountTeamsForConcerto } from '../../adapters/teams/concerto-handlers';
import { mountSlackForConcerto } from '../../adapters/slack/concerto-handlers';
import type { Platform } from '../../domain/types';
import { DomainError } from '../../domain/errors';
import { createHttpApp, listen } from '../../http/server';
import { createLogger, type Logger } from '../../logger';
import { mountQueueDashboard } from '../../queue/dashboard';
import { startWorker } from '../../queue/worker';
import { createRuntime, linkKeyOf, type Runtime } from '../../runtime';
import { configSecrets, oidcSecretSources, publicUrl, type TConfig } from '../../config';

/** The key of the personal ballot links (CONCERTO_LINK_SECRET, or derived outside production). */
export function linkKey(config: TConfig): Buffer {
  return linkKeyOf(config);
}
import type { CliContext } from '../context';
import { cliWords } from '../../domain/cli-words';

/** One notifier per platform this deployment is configured for; the console one always. */
export function createNotifiers(
  config: TConfig,
  runtime: Runtime,
  log: Logger,
): Partial<Record<Platform, Notifier>> {
  const notifiers: Partial<Record<Platform, Notifier>> = { console: createConsoleNotifier() };
  if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) {
    notifiers.slack = new SlackNotifier({
      tokenFor: slackTokenResolver(config, slackBotTokenLookup(runtime.deps, config)),
      log,
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    });
  }
  if (config.TEAMS_CLIENT_ID || config.TEAMS_LOCAL_MODE) {
    notifiers.teams = new TeamsNotifier({ config, log });
  }
  // E-mail always: through SMTP_URL, or as .eml files (the demo) listed at /dev/mail.
  notifiers.email = new EmailNotifier({
    ...(config.SMTP_URL ? { smtpUrl: config.SMTP_URL } : {}),
    from: config.MAIL_FROM,
    mailDir: config.MAIL_DIR,
    domainIntervalMs: config.MAIL_DOMAIN_INTERVAL_MS,
    ballotUrl: (target, roundId) =>
      personalLinkFor(runtime.deps, {
        key: linkKey(config),
        publicUrl: publicUrl(config),
        reference: target.reference,
        roundId,
      }),
    signInUrl: (linkId) =>
      signInUrlFor(runtime.deps, { key: linkKey(config), publicUrl: publicUrl(config), linkId }),
    log,
    ...(config.SMTP_URL ? {} : { announce: (line: string) => log.info(line) }),
  });
  return notifiers;
}

/** Everything the web process serves besides health: Slack, Teams and its tab, the dashboard. */
export async function mountAdapters(app: Express, runtime: Runtime): Promise<() => Promise<void>> {
  const { config, log, deps } = runtime;
  // Slack first: its signature check needs the raw body, before any body parser.
  const slack = await mountSlackForConcerto(app, { config, deps, log, redis: runtime.redis });
  await mountTeamsForConcerto(app, { config, deps, log });
  mountBallot(app, { deps, log, key: linkKey(config) });
  mountConsole(app, { deps, log, key: linkKey(config), oidc: oidcSecretSources(config) });
  mountCharts(app, { deps, log, key: linkKey(config) });
  if (!config.SMTP_URL) {
    mountDevMail(app, { mailDir: config.MAIL_DIR });
    log.info(
      `sans SMTP_URL : les courriels sont écrits dans ${config.MAIL_DIR} et listés sur ${publicUrl(config)}/dev/mail`,
    );
  }
  if (mountQueueDashboard(app, { token: config.ADMIN_TOKEN, queues: runtime.queues.all() })) {
    log.info('tableau de bord des files sur /admin/queues');
  }
  return async () => {
    await slack?.stop();
  };
}

/**
 * The console's address; outside production and without SMTP_URL (the demo), a direct sign-in
 * link (15 minutes) for the first pilot of DEFAULT_TENANT with an e-mail address, so a newcomer
 * opens the console without a mailbox (later links: the form, then /dev/mail).
 */
async function announceConsole(runtime: Runtime): Promise<void> {
  const { config, log, deps } = runtime;
  const base = publicUrl(config);
  log.info(`console des pilotes : ${base}/console`);
  if (config.SMTP_URL || config.NODE_ENV === 'production') return;
  const tenant = await findTenant(deps.db, config.DEFAULT_TENANT).catch(() => undefined);
  const pilot = tenant ? (await listPilots(deps, tenant.id)).find((m) => m.email) : undefined;
  if (!tenant || !pilot?.email) return;
  const link = await createSignInLink(deps, {
    key: linkKey(config),
    publicUrl: base,
    tenantId: tenant.id,
    email: pilot.email,
  });
  log.info(
    `connexion à la console comme ${pilot.email} (lien valable 15 minutes, à usage unique) : ${link.url}`,
  );
}

async function startParts(
  ctx: CliContext,
  runtime: Runtime,
  log: Logger,
  what: { web: boolean; worker: boolean },
  stops: (() => Promise<void>)[],
): Promise<void> {
  if (what.worker) {
    const worker = await startWorker({
      config: ctx.config,
      deps: runtime.deps,
      notifiers: createNotifiers(ctx.config, runtime, log),
      log,
    });
    log.info('worker démarré (envois, rappels, balayage chaque minute, synthèse du lundi)');
    stops.push(() => worker.close());
  }
  if (what.web) {
    let unmount: () => Promise<void> = async () => {};
    const app = await createHttpApp({
      deps: runtime.deps,
      log,
      redis: runtime.redis,
      mount: async (a) => {
        unmount = await mountAdapters(a, runtime);
      },
    });
    // Stopped after the server (stops run in reverse), or alone when the port is taken.
    stops.push(() => unmount());
    const server = await listen(app, ctx.config.PORT);
    stops.push(() => server.close());
    log.info({ port: server.port }, `Concerto écoute sur le port ${server.port}`);
    await announceConsole(runtime).catch((err: Error) =>
      log.warn({ err: err.message }, 'lien de connexion à la console non créé'),
    );
  }
}

/**
 * `concerto web`, `concerto worker`, `concerto all`: the long-running processes. Each resolves
 * when it has shut down after SIGTERM or SIGINT, having finished what it was doing (the worker
 * lets running jobs end; the web server lets requests in flight end).
 */
export async function runProcesses(
  ctx: CliContext,
  what: { web: boolean; worker: boolean },
): Promise<void> {
  const log = createLogger(ctx.config.LOG_LEVEL, undefined, {
    secrets: configSecrets(ctx.config),
  });
  const runtime = createRuntime(ctx.config, log);
  await runtime.redis
    .connect()
    .catch((err: Error) => log.warn({ err: err.message }, 'redis not reachable yet'));
  const stops: (() => Promise<void>)[] = [];
  try {
    await startParts(ctx, runtime, log, what, stops);
  } catch (err) {
    // Nothing half-started stays behind: a port taken stops the worker already running too,
    // and the command ends with a non-zero exit code.
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await runtime.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new DomainError('PORT_IN_USE', { port: ctx.config.PORT });
    if (code === 'EACCES') throw new DomainError('PORT_NOT_ALLOWED', { port: ctx.config.PORT });
    throw err;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'arrêt demandé');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // The web server stops taking requests first, then the worker finishes its jobs.
  for (const s of stops.reverse()) await s();
  await runtime.close();
  log.info('arrêté');
}

export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  program
    .command('web')
    .description(w.processes.web)
    .action(() => runProcesses(ctx, { web: true, worker: false }));
  program
    .command('worker')
    .description(w.processes.worker)
    .action(() => runProcesses(ctx, { web: false, worker: true }));
  program
    .command('all')
    .description(w.processes.all)
    .action(() => runProcesses(ctx, { web: true, worker: true }));
}

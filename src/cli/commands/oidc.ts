import type { Command } from 'commander';
import {
  removeIdentityProvider,
  setIdentityProvider,
  showIdentityProvider,
} from '../../app/console-oidc';
import { CLI_ACTOR } from '../../app/deps';
import { oidcSecretSources, publicUrl } from '../../config';
import type { CliContext } from '../context';
import { cliWords } from '../../domain/cli-words';

/**
 * `concerto oidc set|show|remove`: the Caf's identity provider (OpenID Connect) for the pilots'
 * console. The client secret is never given on the command line (it would stay in the shell's
 * history and the process list): only the NAME of an environment variable that holds it.
 */
export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const oidc = program.command('oidc').description(w.oidc.description);
  oidc
    .command('set')
    .description(w.oidc.set)
    .requiredOption('--issuer <url>', w.oidc.issuer)
    .requiredOption('--client-id <id>', w.oidc.clientId)
    .requiredOption('--client-secret-env <VARIABLE>', w.oidc.secretEnv)
    .option('--chiffrer', w.oidc.seal)
    .option(w.oidc.nameFlags, w.oidc.name)
    .action(
      async (opts: {
        issuer: string;
        clientId: string;
        clientSecretEnv: string;
        chiffrer?: boolean;
        nom?: string;
      }) => {
        const r = await setIdentityProvider(await ctx.deps(), {
          tenantId: await ctx.tenantId(),
          issuer: opts.issuer,
          clientId: opts.clientId,
          secretEnv: opts.clientSecretEnv,
          seal: opts.chiffrer === true,
          secrets: oidcSecretSources(ctx.config, ctx.env ?? {}),
          actor: CLI_ACTOR,
          ...(opts.nom !== undefined ? { label: opts.nom } : {}),
        });
        ctx.out(w.oidc.configured(r.label, r.issuer));
        ctx.out(w.oidc.secret(r.secret));
        ctx.out(w.oidc.callbackToDeclare(publicUrl(ctx.config)));
      },
    );
  oidc
    .command('show')
    .description(w.oidc.show)
    .action(async () => {
      const r = await showIdentityProvider(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
      });
      ctx.out(w.oidc.provider(r.label));
      ctx.out(w.oidc.issuerLine(r.issuer));
      ctx.out(w.oidc.client(r.clientId));
      ctx.out(w.oidc.secretLine(r.secret));
      ctx.out(w.oidc.callback(publicUrl(ctx.config)));
    });
  oidc
    .command('remove')
    .description(w.oidc.remove)
    .action(async () => {
      await removeIdentityProvider(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        actor: CLI_ACTOR,
      });
      ctx.out(w.oidc.removed);
    });
}

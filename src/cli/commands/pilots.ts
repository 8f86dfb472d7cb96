import type { Command } from 'commander';
import { addPilot, createSignInLink, listPilots } from '../../app/console-auth';
import { CLI_ACTOR } from '../../app/deps';
import { publicUrl } from '../../config';
import type { CliContext } from '../context';
import { cliWords } from '../../domain/cli-words';
import { linkKey } from './processes';

/**
 * `concerto pilot add|list`: the Caf's pilots who sign in to the web console by an e-mailed
 * link; `concerto console link <email>`: a sign-in link printed here instead of e-mailed (a
 * machine without SMTP, the demo).
 */
export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const pilot = program.command('pilot').description(w.pilots.description);
  pilot
    .command('add <email>')
    .description(w.pilots.add)
    .option(w.pilots.nameFlags, w.pilots.name)
    .action(async (email: string, opts: { nom?: string }) => {
      const r = await addPilot(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        email,
        ...(opts.nom !== undefined ? { name: opts.nom } : {}),
        actor: CLI_ACTOR,
      });
      ctx.out(
        w.pilots.saved(r.created, r.member.displayName, r.member.email, publicUrl(ctx.config)),
      );
    });
  pilot
    .command('list')
    .description(w.pilots.list)
    .action(async () => {
      const rows = await listPilots(await ctx.deps(), await ctx.tenantId());
      for (const m of rows)
        ctx.out(`${(m.email ?? w.pilots.noAddress).padEnd(36)} ${m.displayName}`);
      ctx.out(rows.length === 0 ? w.pilots.none : w.pilots.total(rows.length));
    });

  program
    .command('console')
    .description(w.pilots.console)
    .command('link <email>')
    .description(w.pilots.link)
    .action(async (email: string) => {
      const r = await createSignInLink(await ctx.deps(), {
        key: linkKey(ctx.config),
        publicUrl: publicUrl(ctx.config),
        tenantId: await ctx.tenantId(),
        email,
      });
      ctx.out(w.pilots.linkFor(r.member.displayName));
      ctx.out(r.url);
    });
}

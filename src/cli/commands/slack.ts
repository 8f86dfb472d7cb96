import type { Command } from 'commander';
import { reencryptSlackInstallations } from '../../app/slack-installations';
import { DomainError } from '../../domain/errors';
import type { CliContext } from '../context';
import { cliWords } from '../../domain/cli-words';

export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const slack = program.command('slack').description(w.slack.description);
  slack
    .command('reencrypt')
    .description(w.slack.reencrypt)
    .action(async () => {
      const r = await reencryptSlackInstallations(await ctx.deps(), ctx.config);
      ctx.out(w.slack.reencrypted(r.reencrypted, r.keyId, r.unchanged));
      if (r.unreadable.length > 0)
        throw new DomainError('ENCRYPTION_KEY_UNKNOWN', { unreadable: r.unreadable });
    });
}

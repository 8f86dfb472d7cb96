import { count } from '../../domain/format';
import type { Command } from 'commander';
import { reencryptSlackInstallations } from '../../app/slack-installations';
import { DomainError } from '../../domain/errors';
import type { CliContext } from '../context';

export function register(program: Command, ctx: CliContext): void {
  const slack = program.command('slack').description('Installations Slack (OAuth)');
  slack
    .command('reencrypt')
    .description(
      'Chiffre avec CONCERTO_ENCRYPTION_KEY les installations Slack en clair ou chiffrées avec une ancienne clé (CONCERTO_ENCRYPTION_OLD_KEYS)',
    )
    .action(async () => {
      const r = await reencryptSlackInstallations(await ctx.deps(), ctx.config);
      ctx.out(
        `Installations Slack : ${count(r.reencrypted, 'fr', 'chiffrée', 'chiffrées')} avec la clé ${r.keyId}, ${r.unchanged} déjà à jour.`,
      );
      if (r.unreadable.length > 0)
        throw new DomainError('ENCRYPTION_KEY_UNKNOWN', { unreadable: r.unreadable });
    });
}

import { count } from '../../domain/format';
import type { Command } from 'commander';
import { reencryptInstallations } from '../../adapters/slack/installation-store';
import { DomainError } from '../../domain/errors';
import { SecretBox } from '../../store/secret-box';
import type { CliContext } from '../context';

export function register(program: Command, ctx: CliContext): void {
  const slack = program.command('slack').description('Installations Slack (OAuth)');
  slack
    .command('reencrypt')
    .description(
      'Chiffre avec CONCERTO_ENCRYPTION_KEY les installations Slack en clair ou chiffrées avec une ancienne clé (CONCERTO_ENCRYPTION_OLD_KEYS)',
    )
    .action(async () => {
      const box = SecretBox.fromConfig(ctx.config);
      if (!box) throw new DomainError('ENCRYPTION_KEY_MISSING');
      const r = await reencryptInstallations((await ctx.deps()).db, box);
      ctx.out(
        `Installations Slack : ${count(r.reencrypted, 'fr', 'chiffrée', 'chiffrées')} avec la clé ${box.currentKeyId}, ${r.unchanged} déjà à jour.`,
      );
      if (r.unreadable.length > 0)
        throw new DomainError('ENCRYPTION_KEY_UNKNOWN', { unreadable: r.unreadable });
    });
}

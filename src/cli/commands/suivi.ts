import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { listRoundFollowups, nextEnjeuText } from '../../app/list-followups';
import { recordFollowup } from '../../app/record-followup';
import { AVIS_LABELS } from '../../domain/avis';
import { count } from '../../domain/format';
import { FOLLOWUP_LABELS, MAX_JUSTIFICATION_LENGTH } from '../../domain/followup';
import { ROUND_STATUS_FR } from '../../domain/catalogue/fr';
import type { CliContext } from '../context';

/** One line of user text: newlines and runs of spaces folded, so a comment cannot forge lines. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * `concerto suivi list <n>` and `concerto suivi set <n> …`: the follow-up of the avis of a closed
 * round (« prise en compte des avis », issue [10] item 1), the same use cases as the console.
 */
export function register(program: Command, ctx: CliContext): void {
  const suivi = program
    .command('suivi')
    .description(
      'Suites données aux avis (réserves, défavorables, commentaires) d’une consultation close',
    );
  suivi
    .command('list <n>')
    .description('Liste les avis qui appellent une suite, avec la suite enregistrée ou « à faire »')
    .action(async (n: string) => {
      const r = await listRoundFollowups(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        round: n,
      });
      ctx.out(
        `Consultation n° ${r.round.number} (${ROUND_STATUS_FR[r.round.status]}) : ${r.round.draftTitle}, version ${r.round.version}`,
      );
      if (r.items.length === 0) {
        ctx.out('Aucun avis avec réserves, défavorable ou commenté : aucune suite à donner.');
        return;
      }
      for (const i of r.items) {
        ctx.out('');
        ctx.out(
          `Enjeu ${i.enjeu.position} · ${i.organisation.code} (${oneLine(i.organisation.name)}) · ${AVIS_LABELS[i.choice].fr}`,
        );
        if (i.comment) ctx.out(`  Commentaire : ${oneLine(i.comment)}`);
        if (i.followup) {
          ctx.out(`  Réponse : ${FOLLOWUP_LABELS[i.followup.response].fr}`);
          ctx.out(`  Justification : ${oneLine(i.followup.justification)}`);
          if (i.followup.nextEnjeu)
            ctx.out(`  Enjeu suivant : ${oneLine(nextEnjeuText(i.followup.nextEnjeu))}`);
        } else ctx.out('  Réponse : à faire');
      }
      ctx.out('');
      ctx.out(
        r.pending === 0
          ? `${count(r.items.length, 'fr', 'avis', 'avis')} : toutes les suites sont enregistrées.`
          : `${count(r.items.length, 'fr', 'avis', 'avis')}, dont ${r.pending} sans suite enregistrée.`,
      );
      if (!r.closed) ctx.out('Les suites s’enregistrent une fois la consultation close.');
    });
  suivi
    .command('set <n>')
    .description(
      'Enregistre (ou remplace) la suite donnée à l’avis d’une organisation sur un enjeu',
    )
    .requiredOption('--org <code>', 'organisation')
    .requiredOption('--enjeu <n>', 'numéro de l’enjeu dans la version de la consultation')
    .requiredOption('--reponse <réponse>', 'retenue, partielle, non-retenue ou sans-objet')
    .requiredOption(
      '--justification <texte>',
      `ce que la Caf a fait de l’avis, et pourquoi (${MAX_JUSTIFICATION_LENGTH} caractères au plus)`,
    )
    .option(
      '--enjeu-suivant <n>',
      'enjeu de la version suivante qui y répond : 3, ou 2.3 pour l’enjeu 3 de la version 2',
    )
    .action(
      async (
        n: string,
        opts: {
          org: string;
          enjeu: string;
          reponse: string;
          justification: string;
          enjeuSuivant?: string;
        },
      ) => {
        const r = await recordFollowup(await ctx.deps(), {
          tenantId: await ctx.tenantId(),
          round: n,
          organisationCode: opts.org,
          enjeu: opts.enjeu,
          response: opts.reponse,
          justification: opts.justification,
          nextEnjeu: opts.enjeuSuivant ?? null,
          actor: CLI_ACTOR,
        });
        ctx.out(
          `${r.replaced ? 'Suite remplacée' : 'Suite enregistrée'} : consultation n° ${r.round.number}, enjeu ${r.enjeu.position}, ${r.organisation.code} — ${FOLLOWUP_LABELS[r.followup.response].fr}${r.nextEnjeu ? ` (${oneLine(nextEnjeuText(r.nextEnjeu))})` : ''}.`,
        );
      },
    );
}

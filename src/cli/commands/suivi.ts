import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { listRoundFollowups, nextEnjeuText } from '../../app/list-followups';
import { recordFollowup } from '../../app/record-followup';
import { AVIS_LABELS } from '../../domain/avis';
import { FOLLOWUP_LABELS, MAX_JUSTIFICATION_LENGTH } from '../../domain/followup';
import { cliWords } from '../../domain/cli-words';
import type { CliContext } from '../context';

/** One line of user text: newlines and runs of spaces folded, so a comment cannot forge lines. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * `concerto suivi list <n>` and `concerto suivi set <n> …`: the follow-up of the avis of a closed
 * round (« prise en compte des avis », issue [10] item 1), the same use cases as the console.
 */
export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const locale = w.locale;
  const suivi = program.command('suivi').description(w.suivi.description);
  suivi
    .command('list <n>')
    .description(w.suivi.list)
    .action(async (n: string) => {
      const r = await listRoundFollowups(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        round: n,
      });
      ctx.out(
        w.suivi.heading(
          r.round.number,
          w.roundStatus[r.round.status],
          r.round.draftTitle,
          r.round.version,
        ),
      );
      if (r.items.length === 0) {
        ctx.out(w.suivi.none);
        return;
      }
      for (const i of r.items) {
        ctx.out('');
        ctx.out(
          w.suivi.item(
            i.enjeu.position,
            i.organisation.code,
            oneLine(i.organisation.name),
            AVIS_LABELS[i.choice][locale],
          ),
        );
        if (i.comment) ctx.out(w.suivi.comment(oneLine(i.comment)));
        if (i.followup) {
          ctx.out(w.suivi.response(FOLLOWUP_LABELS[i.followup.response][locale]));
          ctx.out(w.suivi.justification(oneLine(i.followup.justification)));
          if (i.followup.nextEnjeu)
            ctx.out(w.suivi.nextEnjeu(oneLine(nextEnjeuText(i.followup.nextEnjeu, locale))));
        } else ctx.out(w.suivi.toDo);
      }
      ctx.out('');
      ctx.out(
        r.pending === 0
          ? w.suivi.allDone(r.items.length)
          : w.suivi.pending(r.items.length, r.pending),
      );
      if (!r.closed) ctx.out(w.suivi.notClosed);
    });
  suivi
    .command('set <n>')
    .description(w.suivi.set)
    .requiredOption('--org <code>', w.suivi.org)
    .requiredOption('--enjeu <n>', w.suivi.enjeu)
    .requiredOption(w.suivi.responseFlags, w.suivi.responseOption)
    .requiredOption(
      w.suivi.justificationFlags,
      w.suivi.justificationOption(MAX_JUSTIFICATION_LENGTH),
    )
    .option('--enjeu-suivant <n>', w.suivi.nextEnjeuOption)
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
          w.suivi.recorded({
            replaced: r.replaced,
            round: r.round.number,
            enjeu: r.enjeu.position,
            org: r.organisation.code,
            response: FOLLOWUP_LABELS[r.followup.response][locale],
            next: r.nextEnjeu ? oneLine(nextEnjeuText(r.nextEnjeu, locale)) : undefined,
          }),
        );
      },
    );
}

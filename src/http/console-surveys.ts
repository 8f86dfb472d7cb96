import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { DateTime } from 'luxon';
import { changeDeadline } from '../app/change-deadline';
import { cancelRound, closeRound } from '../app/close-round';
import { memberActor, type AppDeps } from '../app/deps';
import { EXPORT_FORMATS, type ExportFormat } from '../app/export-round';
import { findRound } from '../app/lookup';
import { remindRoundNow } from '../app/remind-round';
import { SURVEY_GROUPINGS, frMean, type SurveyReport } from '../app/survey-report-model';
import { launchSurvey } from '../app/survey/launch-survey';
import { createAndLaunchSurvey, createSurvey } from '../app/survey/create-survey';
import { buildSurveyReport, exportSurvey } from '../app/survey/survey-report';
import { getSurveyStatus, type SurveyStatus } from '../app/survey/survey-status';
import { parseDeadline } from '../cli/parse-args';
import { DomainError, errorStatus, errorText, isDomainError } from '../domain/errors';
import type { GridCellTally } from '../domain/grid-tally';
import { ROUND_STATUS_LABELS } from '../domain/round';
import { PARTICIPANT_FR } from '../domain/catalogue/fr';
import { formatDeadline } from '../domain/round-schedule';
import { mayUseConsole } from '../domain/roles';
import { gridHeatmap } from '../reports/grid-heatmap';
import type { ConsoleSigned } from './console-grids';
import {
  page,
  surveyModeText,
  surveyParticipationText,
  type LaunchFormValues,
} from './console-pages';
import { escapeHtml as h } from './html';

type PilotPage = (
  handler: (req: Request, res: Response, s: ConsoleSigned) => Promise<void>,
  o?: { post?: boolean },
) => (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** What a survey page says after an action (PRG: `?fait=…`). */
const DONE: Record<string, (n: number) => string> = {
  preparee: () => 'Évaluation préparée : vérifiez-la puis lancez-la.',
  lancee: (n) =>
    `Évaluation ouverte : ${n} invitation${n > 1 ? 's' : ''} en file d'envoi, rappels et clôture programmés.`,
  relancee: (n) =>
    n > 0
      ? `Relance envoyée à ${n} organisation${n > 1 ? 's' : ''}.`
      : 'Aucune organisation à relancer joignable.',
  'relancee-participants': PARTICIPANT_FR.remindedOnPage,
  echeance: () => 'Date limite changée : rappels et clôture reprogrammés, organisations prévenues.',
  close: () => 'Évaluation close : les résultats partent vers les organisations et les pilotes.',
  annulee: () => 'Évaluation annulée.',
};

const EXPORT_PATHS: Record<ExportFormat, string> = {
  xlsx: 'export.xlsx',
  pdf: 'export.pdf',
  csv: 'export.csv',
  md: 'synthese.md',
};

interface SurveyPageState {
  message?: string;
  error?: { form: string; message: string };
  echeance?: string;
}

/**
 * A survey round's page in the pilots' console (issue [11] items 2 and 4), at the same address
 * as a consultation's (`/console/consultations/<n>`): these routes answer for a survey and hand
 * a consultation (or an unknown round) on to console.ts. The page shows the participation, the
 * heat map with its text alternative, each cell's figures and contributions, the groupings, the
 * downloads, and the actions (the same use cases as the CLI, Slack and Teams).
 */
export function mountConsoleSurveys(
  app: Express,
  o: {
    deps: AppDeps;
    form: RequestHandler;
    pilotPage: PilotPage;
    headers: <R extends Response>(res: R) => R;
  },
): void {
  const { deps, form, pilotPage, headers } = o;

  /** The survey named by :ref in the pilot's Caf; undefined for anything else (console.ts's). */
  const surveyRef = async (s: ConsoleSigned, ref: string) => {
    if (!mayUseConsole(s.pilot)) return undefined;
    try {
      const r = await findRound(deps.db, s.pilot.tenantId, ref);
      return r.kind === 'survey' ? r : undefined;
    } catch (err) {
      if (isDomainError(err) && err.code === 'ROUND_NOT_FOUND') return undefined;
      throw err;
    }
  };

  const surveyRoute =
    (
      handler: (
        req: Request,
        res: Response,
        s: ConsoleSigned,
        round: { id: string; number: number },
      ) => Promise<void>,
      o2: { post?: boolean } = {},
    ) =>
    (req: Request, res: Response, next: NextFunction) =>
      pilotPage(async (req2, res2, s) => {
        const round = await surveyRef(s, String(req2.params.ref));
        if (!round) {
          next();
          return;
        }
        await handler(req2, res2, s, round);
      }, o2)(req, res, next);

  const show = async (
    res: Response,
    s: ConsoleSigned,
    roundId: string,
    status: number,
    state: SurveyPageState = {},
  ) => {
    const [st, report] = await Promise.all([
      getSurveyStatus(deps, { tenantId: s.pilot.tenantId, round: roundId }),
      buildSurveyReport(deps, { tenantId: s.pilot.tenantId, round: roundId }),
    ]);
    headers(res)
      .status(status)
      .send(renderSurveyPage(s, st, report, state, deps.publicUrl));
  };

  app.get(
    '/console/consultations/:ref',
    surveyRoute(async (req, res, s, round) => {
      const f = typeof req.query.fait === 'string' ? DONE[req.query.fait] : undefined;
      await show(res, s, round.id, 200, f ? { message: f(Number(req.query.n) || 0) } : {});
    }),
  );

  for (const format of EXPORT_FORMATS)
    app.get(
      `/console/consultations/:ref/${EXPORT_PATHS[format]}`,
      surveyRoute(async (_req, res, s, round) => {
        const { files } = await exportSurvey(deps, {
          tenantId: s.pilot.tenantId,
          round: round.id,
          formats: [format],
        });
        const file = files[0]!;
        res
          .setHeader('cache-control', 'no-store')
          .setHeader('content-disposition', `attachment; filename="${file.filename}"`)
          .type(file.contentType)
          .send(file.body);
      }),
    );

  const str = (body: Record<string, unknown>, k: string) =>
    typeof body[k] === 'string' ? (body[k] as string) : '';
  const actor = (s: ConsoleSigned) =>
    memberActor({ id: s.pilot.memberId, displayName: s.pilot.displayName });

  const action = (
    name: string,
    run: (
      round: { id: string },
      s: ConsoleSigned,
      body: Record<string, unknown>,
    ) => Promise<{ done: string; n?: number }>,
  ) => {
    app.post(
      `/console/consultations/:ref/${name}`,
      form,
      surveyRoute(
        async (req, res, s, round) => {
          const body = (req.body ?? {}) as Record<string, unknown>;
          try {
            const r = await run(round, s, body);
            res.redirect(
              303,
              `/console/consultations/${round.number}?fait=${r.done}${r.n !== undefined ? `&n=${r.n}` : ''}#message`,
            );
          } catch (err) {
            if (!isDomainError(err)) throw err;
            await show(res, s, round.id, errorStatus(err), {
              error: { form: name, message: errorText(err, 'fr') },
              ...(name === 'echeance' ? { echeance: str(body, 'echeance') } : {}),
            });
          }
        },
        { post: true },
      ),
    );
  };

  action('lancer', async (round, s) => {
    const r = await launchSurvey(deps, {
      tenantId: s.pilot.tenantId,
      roundId: round.id,
      actor: actor(s),
    });
    return { done: 'lancee', n: r.deliveryIds.length };
  });
  action('relancer', async (round, s) => {
    const r = await remindRoundNow(deps, {
      tenantId: s.pilot.tenantId,
      roundId: round.id,
      actor: actor(s),
    });
    if ('participants' in r && r.participants)
      return { done: 'relancee-participants', n: r.participants.reminded };
    return { done: 'relancee', n: r.reminded.length };
  });
  action('echeance', async (round, s, body) => {
    await changeDeadline(deps, {
      tenantId: s.pilot.tenantId,
      roundId: round.id,
      deadline: parseDeadline(str(body, 'echeance'), s.pilot.tenant.timezone, deps.now()),
      actor: actor(s),
    });
    return { done: 'echeance' };
  });
  action('clore', async (round, s) => {
    await closeRound(deps, { tenantId: s.pilot.tenantId, roundId: round.id, actor: actor(s) });
    return { done: 'close' };
  });
  action('annuler', async (round, s) => {
    await cancelRound(deps, { tenantId: s.pilot.tenantId, roundId: round.id, actor: actor(s) });
    return { done: 'annulee' };
  });
}

/**
 * The console's launch form when « Évaluation sur une grille » is chosen: createSurvey (or
 * createAndLaunchSurvey), then the address of the new evaluation's page. Refusals are thrown as
 * DomainErrors for the form to show (console.ts).
 */
export async function createSurveyFromForm(
  deps: AppDeps,
  s: ConsoleSigned,
  values: LaunchFormValues,
  codes: string[],
  action: string,
): Promise<string> {
  const answerMode =
    values.par === 'personne' ? 'person' : values.par === 'organisation' ? 'organisation' : null;
  if (!answerMode) throw new DomainError('SURVEY_PER_REQUIRED');
  if (values.anonyme && answerMode === 'organisation')
    throw new DomainError('SURVEY_ANONYMOUS_PER_ORGANISATION');
  if (values.silence)
    throw new DomainError('SURVEY_CONSULTATION_OPTION', {
      option: '« L’absence de réponse vaut avis favorable »',
    });
  const options = {
    tenantId: s.pilot.tenantId,
    gridCode: values.grille ?? '',
    answerMode,
    anonymous: !!values.anonyme,
    ...(codes.length > 0 ? { organisations: { codes } } : {}),
    deadline: parseDeadline(values.echeance ?? '', s.pilot.tenant.timezone, deps.now()),
    reminderSchedule: values.rappels || 'aucun',
    resultsVisibility: values.resultats === 'pendant' ? ('during' as const) : ('after' as const),
    actor: memberActor({ id: s.pilot.memberId, displayName: s.pilot.displayName }),
  } as const;
  if (action === 'preparer') {
    const r = await createSurvey(deps, options);
    return `/console/consultations/${r.round.number}?fait=preparee`;
  }
  const r = await createAndLaunchSurvey(deps, options);
  return `/console/consultations/${r.created.round.number}?fait=lancee&n=${r.launched.deliveryIds.length}`;
}

const STYLE_EXTRA = `<style>
.carte svg{max-width:100%;height:auto}
.cases article{border-top:1px solid #929292;padding:.5rem 0}
.cases h4{margin:.25rem 0}
.cases ul{margin:.25rem 0 .5rem}
.qui{color:#3a3a3a;font-size:.9rem}
.groupes{overflow-x:auto}
</style>`;

function renderSurveyPage(
  s: ConsoleSigned,
  st: SurveyStatus,
  report: SurveyReport,
  state: SurveyPageState,
  publicUrl: string | undefined,
): string {
  const r = st.round;
  const grid = r.grid;
  const base = `/console/consultations/${r.number}`;
  const tz = r.timezone;
  const csrf = `<input type="hidden" name="jeton" value="${h(s.layout.pilot.csrf)}">`;
  const err = (name: string) =>
    state.error?.form === name
      ? `<p class="erreur" id="erreur-${name}" role="alert">${h(state.error.message)}</p>`
      : '';
  const levelLabel = (n: number) => grid.levels[n - 1]?.label ?? String(n);
  const questionLabel = (n: number) => grid.questions[n - 1]?.label ?? String(n);
  const scale = grid.rating?.labels ?? [];

  const participation = st.organisations
    ? `<table><caption>Réponse de chacune des ${st.organisations.length} organisations invitées</caption>
<thead><tr><th scope="col">Organisation</th><th scope="col">Où en est sa réponse</th></tr></thead>
<tbody>${st.organisations
        .map(
          (o) =>
            `<tr><th scope="row">${h(o.name)} (${h(o.code)})</th><td>${
              o.state === 'finished'
                ? 'terminée'
                : o.state === 'draft'
                  ? `brouillon (${o.filled} ${o.filled > 1 ? 'cases' : 'case'} sur ${st.total})`
                  : '<span class="sans">rien</span>'
            }</td></tr>`,
        )
        .join('\n')}</tbody></table>`
    : `${
        st.tables!.length > 0
          ? `<table><caption>Participants par table : codes tirés, codes utilisés, réponses en cours et terminées</caption>
<thead><tr><th scope="col">Table</th><th scope="col">Codes</th><th scope="col">Utilisés</th><th scope="col">En cours</th><th scope="col">Terminées</th></tr></thead>
<tbody>${st
              .tables!.map(
                (t) =>
                  `<tr><th scope="row">${h(t.table || '(sans table)')}</th><td>${t.codes}</td><td>${t.joined}</td><td>${t.started}</td><td>${t.finished}</td></tr>`,
              )
              .join('\n')}</tbody></table>`
          : '<p>Aucun code de participant tiré pour l’instant.</p>'
      }
<p><a href="${base}/codes">Tirer et imprimer les codes des participants, par table</a></p>`;

  const heat = gridHeatmap(grid, report.tally.cells, { id: 'carte-chaleur' });
  const heatmap = `<section aria-labelledby="t-carte"><h2 id="t-carte">Carte de chaleur</h2>
<figure class="carte">${heat.svg}<figcaption>${h(heat.alt)}</figcaption></figure></section>`;

  const cellText = (c: GridCellTally) => {
    const parts = [`${c.contributions} ${c.contributions > 1 ? 'contributions' : 'contribution'}`];
    if (c.rated) {
      parts.push(
        c.mean === null ? 'aucune note' : `note moyenne ${frMean(c.mean)} sur ${scale.length}`,
      );
      parts.push(
        `répartition : ${c.distribution.map((n, i) => `${scale[i] ?? i + 1} ${n}`).join(' · ')}`,
      );
    }
    return parts.join(' ; ');
  };
  /** A level's cells with something to show, and those without (listed on one line). */
  const levelCells = (level: number) => {
    const all = report.tally.cells.filter((c) => c.level === level);
    const hasData = (c: GridCellTally) => c.contributions > 0 || c.distribution.some((n) => n > 0);
    return { filled: all.filter(hasData), empty: all.filter((c) => !hasData(c)) };
  };
  const cells = `<section aria-labelledby="t-cases" class="cases"><h2 id="t-cases">Case par case</h2>
${grid.levels
  .map(
    (l) => `<h3>${h(l.label)}</h3>
${levelCells(l.position)
  .filled.map(
    (c) =>
      `<article><h4>${h(l.label)} × ${h(questionLabel(c.question))}</h4><p>${h(cellText(c))}</p>${
        c.texts.length > 0
          ? `<ul>${c.texts.map((t) => `<li>${h(t.text)}${t.author ? ` <span class="qui">— ${h(t.author)}</span>` : ''}</li>`).join('')}</ul>`
          : ''
      }</article>`,
  )
  .join('\n')}${
      levelCells(l.position).empty.length > 0
        ? `<p class="sans">Sans contribution ni note : ${levelCells(l.position)
            .empty.map((c) => h(questionLabel(c.question)))
            .join(', ')}</p>`
        : ''
    }`,
  )
  .join('\n')}</section>`;

  const rated = report.tally.cells.filter((c) => c.rated);
  const groupings = `<section aria-labelledby="t-groupes"><h2 id="t-groupes">Regroupements</h2>
${SURVEY_GROUPINGS.map(({ key, label, column }) => {
  const groups = report.groupings[key];
  if (groups.length === 0) return `<h3>${h(label)}</h3><p>Aucune réponse à regrouper.</p>`;
  return `<h3>${h(label)}</h3><div class="groupes" tabindex="0" role="region" aria-label="${h(label)}"><table><caption>${h(label)} : nombre de réponses${rated.length > 0 ? ' et note moyenne de chaque case notée' : ' et contributions'}</caption>
<thead><tr><th scope="col">${h(column)}</th><th scope="col">Réponses</th>${
    rated.length > 0
      ? rated
          .map(
            (c) =>
              `<th scope="col">${h(levelLabel(c.level))} × ${h(questionLabel(c.question))}</th>`,
          )
          .join('')
      : '<th scope="col">Contributions</th>'
  }</tr></thead>
<tbody>${groups
    .map(
      (g) =>
        `<tr><th scope="row">${h(g.group)}</th><td>${g.answers}</td>${
          rated.length > 0
            ? rated
                .map((c) => {
                  const gc = g.cells.find((x) => x.level === c.level && x.question === c.question);
                  return `<td>${gc?.mean === null || gc === undefined ? '—' : frMean(gc.mean)}</td>`;
                })
                .join('')
            : `<td>${g.cells.reduce((sum, c) => sum + c.contributions, 0)}</td>`
        }</tr>`,
    )
    .join('\n')}</tbody></table></div>`;
}).join('\n')}</section>`;

  const sections: string[] = [];
  if (r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-lancer"><h2 id="t-lancer">Lancer</h2>
<p>${r.answerMode === 'organisation' ? 'Les invitations partent vers chaque organisation invitée' : 'Le lien de la journée s’ouvre'} ; les rappels et la clôture sont programmés.</p>
${err('lancer')}
<form method="post" action="${base}/lancer">${csrf}<button type="submit">Lancer l’évaluation</button></form></section>`);
  if (r.status === 'open' && r.answerMode === 'organisation')
    sections.push(`<section class="action" aria-labelledby="t-relancer"><h2 id="t-relancer">Relancer</h2>
<p>Un rappel part maintenant vers les organisations qui n’ont pas terminé leur grille, dans le fil de leur invitation.</p>
${err('relancer')}
<form method="post" action="${base}/relancer">${csrf}<button type="submit">Relancer les organisations qui n’ont pas terminé</button></form></section>`);
  if (r.status === 'open' && r.answerMode === 'person' && !r.anonymous)
    sections.push(`<section class="action" aria-labelledby="t-relancer"><h2 id="t-relancer">Relancer</h2>
<p>${h(PARTICIPANT_FR.consoleRemindIntro)}</p>
${err('relancer')}
<form method="post" action="${base}/relancer">${csrf}<button type="submit">${h(PARTICIPANT_FR.consoleRemindButton)}</button></form></section>`);
  if (r.status === 'draft' || r.status === 'open')
    sections.push(`<section class="action" aria-labelledby="t-echeance"><h2 id="t-echeance">Changer la date limite</h2>
<form method="post" action="${base}/echeance" novalidate>${csrf}
<label for="nouvelle-echeance">Nouvelle date limite</label>
<p class="aide" id="nouvelle-echeance-aide">Heure de la Caf (${h(tz)}). Rappels et clôture sont reprogrammés ; les organisations invitées sont prévenues.</p>
${err('echeance')}
<input type="datetime-local" id="nouvelle-echeance" name="echeance" value="${h(state.echeance ?? DateTime.fromJSDate(r.deadline).setZone(tz).toFormat("yyyy-MM-dd'T'HH:mm"))}" aria-describedby="nouvelle-echeance-aide${state.error?.form === 'echeance' ? ' erreur-echeance' : ''}"${state.error?.form === 'echeance' ? ' aria-invalid="true"' : ''}>
<div><button type="submit">Changer la date limite</button></div></form></section>`);
  if (r.status === 'open' || r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-clore"><h2 id="t-clore">Clore ou annuler</h2>
${r.status === 'open' ? `<p>Clore maintenant : les résultats partent vers les organisations invitées et les pilotes.</p>${err('clore')}<form method="post" action="${base}/clore">${csrf}<button type="submit">Clore l’évaluation maintenant</button></form>` : ''}
<p>Annuler : l’évaluation s’arrête sans résultats${r.status === 'open' ? ' ; les organisations invitées sont prévenues' : ''}.</p>
${err('annuler')}
<form method="post" action="${base}/annuler">${csrf}<button type="submit" class="danger">Annuler l’évaluation</button></form></section>`);
  if (r.status === 'open' || r.status === 'closed')
    sections.push(`<section class="action" aria-labelledby="t-exports"><h2 id="t-exports">Exports</h2><ul>
<li><a href="${base}/export.xlsx" download>Télécharger le classeur des résultats (Excel, XLSX)</a></li>
<li><a href="${base}/export.pdf" download>Télécharger la synthèse avec la carte de chaleur (PDF)</a></li>
<li><a href="${base}/export.csv" download>Télécharger toutes les contributions (CSV pour Excel)</a></li>
<li><a href="${base}/synthese.md" download>Télécharger la synthèse case par case (Markdown)</a></li></ul></section>`);

  const title = `Évaluation n° ${r.number}`;
  return page(
    { ...s.layout, title },
    `${STYLE_EXTRA}<p><a href="/console">Toutes les consultations</a></p>
<h1>${title} — ${h(grid.title)}</h1>
${state.message ? `<div class="ok" role="status" id="message"><p>${h(state.message)}</p></div>` : ''}
<dl class="etat"><dt>État</dt><dd id="etat">${h(ROUND_STATUS_LABELS[r.status])}</dd>
<dt>Date limite</dt><dd>${h(formatDeadline(r.deadline, 'fr', tz))}</dd>
<dt>Grille</dt><dd>${h(grid.title)} (${h(r.gridCode)}) : ${grid.levels.length} niveaux × ${grid.questions.length} questions, ${st.total} cases</dd>
<dt>Réponses</dt><dd>${h(surveyModeText(r))}</dd>
<dt>Participation</dt><dd>${h(surveyParticipationText(st.participation))}</dd>${
      r.answerMode === 'person' && r.eventCode && publicUrl
        ? `\n<dt>Lien de la journée</dt><dd>${h(`${publicUrl}/grille/${r.eventCode}`)}</dd>`
        : ''
    }</dl>
<section aria-labelledby="t-participation"><h2 id="t-participation">Participation</h2>
${participation}</section>
${heatmap}
${cells}
${groupings}
${sections.join('\n')}`,
  );
}

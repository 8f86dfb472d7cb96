import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { DateTime } from 'luxon';
import { changeDeadline } from '../app/change-deadline';
import { cancelRound, closeRound } from '../app/close-round';
import { memberActor, type AppDeps } from '../app/deps';
import { EXPORT_FORMATS, type ExportFormat } from '../app/export-round';
import { findRound } from '../app/lookup';
import { remindRoundNow } from '../app/remind-round';
import { SURVEY_GROUPINGS, type SurveyReport } from '../app/survey-report-model';
import { launchSurvey } from '../app/survey/launch-survey';
import { createAndLaunchSurvey, createSurvey } from '../app/survey/create-survey';
import { buildSurveyReport, exportSurvey } from '../app/survey/survey-report';
import { getSurveyStatus, type SurveyStatus } from '../app/survey/survey-status';
import { parseDeadline } from '../cli/parse-args';
import { consoleWords, type ConsoleWords } from '../domain/console-words';
import { DomainError, errorStatus, errorText, isDomainError } from '../domain/errors';
import type { GridCellTally } from '../domain/grid-tally';
import type { Locale } from '../domain/types';
import { participantWords } from '../domain/web-words';
import { formatDeadline } from '../domain/round-schedule';
import { mayUseConsole } from '../domain/roles';
import { gridHeatmap } from '../reports/grid-heatmap';
import type { ConsoleSigned } from './console-grids';
import { page, wordsOf, type LaunchFormValues } from './console-pages';
import { escapeHtml as h } from './html';

type PilotPage = (
  handler: (req: Request, res: Response, s: ConsoleSigned) => Promise<void>,
  o?: { post?: boolean },
) => (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** What a survey page says after an action (PRG: `?fait=…`), in the pilot's words. */
const DONE: Record<string, (w: ConsoleWords['done'], n: number, locale: Locale) => string> = {
  preparee: (w) => w.surveyPrepared,
  lancee: (w, n) => w.surveyLaunched(n),
  relancee: (w, n) => w.reminded(n),
  echeance: (w) => w.deadline,
  close: (w) => w.surveyClosed,
  annulee: (w) => w.surveyCancelled,
  'relancee-participants': (_w, n, locale) => participantWords(locale).remindedOnPage(n),
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
      await show(
        res,
        s,
        round.id,
        200,
        f
          ? {
              message: f(
                consoleWords(s.pilot.locale).done,
                Number(req.query.n) || 0,
                s.pilot.locale,
              ),
            }
          : {},
      );
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
              error: { form: name, message: errorText(err, s.pilot.locale) },
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
      option: consoleWords(s.pilot.locale).newRound.silenceOption,
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
  const w = wordsOf(s.layout);
  const t = w.survey;
  const act = w.action;
  const pw = participantWords(w.lang);
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
    ? `<table><caption>${t.organisationsCaption(st.organisations.length)}</caption>
<thead><tr><th scope="col">${t.organisation}</th><th scope="col">${t.where}</th></tr></thead>
<tbody>${st.organisations
        .map(
          (o) =>
            `<tr><th scope="row">${h(o.name)} (${h(o.code)})</th><td>${
              o.state === 'finished'
                ? t.finished
                : o.state === 'draft'
                  ? t.draft(o.filled, st.total)
                  : `<span class="sans">${t.nothing}</span>`
            }</td></tr>`,
        )
        .join('\n')}</tbody></table>`
    : `${
        st.tables!.length > 0
          ? `<table><caption>${t.tablesCaption}</caption>
<thead><tr><th scope="col">${t.table}</th><th scope="col">${t.codes}</th><th scope="col">${t.used}</th><th scope="col">${t.started}</th><th scope="col">${t.done}</th></tr></thead>
<tbody>${st
              .tables!.map(
                (row) =>
                  `<tr><th scope="row">${h(row.table || t.noTable)}</th><td>${row.codes}</td><td>${row.joined}</td><td>${row.started}</td><td>${row.finished}</td></tr>`,
              )
              .join('\n')}</tbody></table>`
          : `<p>${t.noCodes}</p>`
      }
<p><a href="${base}/codes">${t.codesLink}</a></p>`;

  const heat = gridHeatmap(grid, report.tally.cells, { id: 'carte-chaleur' });
  const heatmap = `<section aria-labelledby="t-carte"><h2 id="t-carte">${t.heatmap}</h2>
<figure class="carte">${heat.svg}<figcaption>${h(heat.alt)}</figcaption></figure></section>`;

  const cellText = (c: GridCellTally) => {
    const parts = [t.contributions(c.contributions)];
    if (c.rated) {
      parts.push(c.mean === null ? t.noRating : t.meanOf(w.mean(c.mean), scale.length));
      parts.push(
        t.distribution(c.distribution.map((n, i) => `${scale[i] ?? i + 1} ${n}`).join(' · ')),
      );
    }
    return parts.join(t.cellSeparator);
  };
  /** A level's cells with something to show, and those without (listed on one line). */
  const levelCells = (level: number) => {
    const all = report.tally.cells.filter((c) => c.level === level);
    const hasData = (c: GridCellTally) => c.contributions > 0 || c.distribution.some((n) => n > 0);
    return { filled: all.filter(hasData), empty: all.filter((c) => !hasData(c)) };
  };
  const cells = `<section aria-labelledby="t-cases" class="cases"><h2 id="t-cases">${t.cells}</h2>
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
        ? `<p class="sans">${t.empty(
            levelCells(l.position)
              .empty.map((c) => h(questionLabel(c.question)))
              .join(', '),
          )}</p>`
        : ''
    }`,
  )
  .join('\n')}</section>`;

  const rated = report.tally.cells.filter((c) => c.rated);
  const groupings = `<section aria-labelledby="t-groupes"><h2 id="t-groupes">${t.groupings}</h2>
${SURVEY_GROUPINGS.map(({ key, label, column }) => {
  const groups = report.groupings[key];
  if (groups.length === 0) return `<h3>${h(label)}</h3><p>${t.nothingToGroup}</p>`;
  return `<h3>${h(label)}</h3><div class="groupes" tabindex="0" role="region" aria-label="${h(label)}"><table><caption>${t.groupingCaption(h(label), rated.length > 0)}</caption>
<thead><tr><th scope="col">${h(column)}</th><th scope="col">${t.groupAnswers}</th>${
    rated.length > 0
      ? rated
          .map(
            (c) =>
              `<th scope="col">${h(levelLabel(c.level))} × ${h(questionLabel(c.question))}</th>`,
          )
          .join('')
      : `<th scope="col">${t.groupContributions}</th>`
  }</tr></thead>
<tbody>${groups
    .map(
      (g) =>
        `<tr><th scope="row">${h(g.group)}</th><td>${g.answers}</td>${
          rated.length > 0
            ? rated
                .map((c) => {
                  const gc = g.cells.find((x) => x.level === c.level && x.question === c.question);
                  return `<td>${gc?.mean === null || gc === undefined ? '—' : w.mean(gc.mean)}</td>`;
                })
                .join('')
            : `<td>${g.cells.reduce((sum, c) => sum + c.contributions, 0)}</td>`
        }</tr>`,
    )
    .join('\n')}</tbody></table></div>`;
}).join('\n')}</section>`;

  const sections: string[] = [];
  if (r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-lancer"><h2 id="t-lancer">${act.launch}</h2>
<p>${t.launchText(r.answerMode === 'organisation')}</p>
${err('lancer')}
<form method="post" action="${base}/lancer">${csrf}<button type="submit">${t.launchButton}</button></form></section>`);
  if (r.status === 'open' && r.answerMode === 'organisation')
    sections.push(`<section class="action" aria-labelledby="t-relancer"><h2 id="t-relancer">${act.remind}</h2>
<p>${t.remindText}</p>
${err('relancer')}
<form method="post" action="${base}/relancer">${csrf}<button type="submit">${t.remindButton}</button></form></section>`);
  if (r.status === 'open' && r.answerMode === 'person' && !r.anonymous)
    sections.push(`<section class="action" aria-labelledby="t-relancer"><h2 id="t-relancer">${act.remind}</h2>
<p>${h(pw.consoleRemindIntro)}</p>
${err('relancer')}
<form method="post" action="${base}/relancer">${csrf}<button type="submit">${h(pw.consoleRemindButton)}</button></form></section>`);
  if (r.status === 'draft' || r.status === 'open')
    sections.push(`<section class="action" aria-labelledby="t-echeance"><h2 id="t-echeance">${act.deadline}</h2>
<form method="post" action="${base}/echeance" novalidate>${csrf}
<label for="nouvelle-echeance">${act.newDeadline}</label>
<p class="aide" id="nouvelle-echeance-aide">${act.deadlineHint(h(tz))}</p>
${err('echeance')}
<input type="datetime-local" id="nouvelle-echeance" name="echeance" value="${h(state.echeance ?? DateTime.fromJSDate(r.deadline).setZone(tz).toFormat("yyyy-MM-dd'T'HH:mm"))}" aria-describedby="nouvelle-echeance-aide${state.error?.form === 'echeance' ? ' erreur-echeance' : ''}"${state.error?.form === 'echeance' ? ' aria-invalid="true"' : ''}>
<div><button type="submit">${act.deadline}</button></div></form></section>`);
  if (r.status === 'open' || r.status === 'draft')
    sections.push(`<section class="action" aria-labelledby="t-clore"><h2 id="t-clore">${act.closeOrCancel}</h2>
${r.status === 'open' ? `<p>${t.closeText}</p>${err('clore')}<form method="post" action="${base}/clore">${csrf}<button type="submit">${t.closeButton}</button></form>` : ''}
<p>${t.cancelText(r.status === 'open')}</p>
${err('annuler')}
<form method="post" action="${base}/annuler">${csrf}<button type="submit" class="danger">${t.cancelButton}</button></form></section>`);
  if (r.status === 'open' || r.status === 'closed')
    sections.push(`<section class="action" aria-labelledby="t-exports"><h2 id="t-exports">${act.exports}</h2><ul>
<li><a href="${base}/export.xlsx" download>${act.xlsx}</a></li>
<li><a href="${base}/export.pdf" download>${t.pdf}</a></li>
<li><a href="${base}/export.csv" download>${t.csv}</a></li>
<li><a href="${base}/synthese.md" download>${t.md}</a></li></ul></section>`);

  const title = w.rounds.evaluation(r.number);
  return page(
    { ...s.layout, title },
    `${STYLE_EXTRA}<p><a href="/console">${w.layout.allRounds}</a></p>
<h1>${title} — ${h(grid.title)}</h1>
${state.message ? `<div class="ok" role="status" id="message"><p>${h(state.message)}</p></div>` : ''}
<dl class="etat"><dt>${act.state}</dt><dd id="etat">${h(w.status[r.status])}</dd>
<dt>${w.deadline}</dt><dd>${h(formatDeadline(r.deadline, w.lang, tz))}</dd>
<dt>${t.grid}</dt><dd>${t.gridOf(h(grid.title), h(r.gridCode), w.gridSize(grid.levels.length, grid.questions.length, st.total))}</dd>
<dt>${t.answers}</dt><dd>${h(w.surveyMode(r))}</dd>
<dt>${act.participation}</dt><dd>${h(w.surveyParticipation(st.participation))}</dd>${
      r.answerMode === 'person' && r.eventCode && publicUrl
        ? `\n<dt>${t.eventLink}</dt><dd>${h(`${publicUrl}/grille/${r.eventCode}`)}</dd>`
        : ''
    }</dl>
<section aria-labelledby="t-participation"><h2 id="t-participation">${act.participation}</h2>
${participation}</section>
${heatmap}
${cells}
${groupings}
${sections.join('\n')}`,
  );
}

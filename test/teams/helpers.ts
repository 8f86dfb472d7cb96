import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ZConfig, type TConfig } from '../../src/config';
import { captureLogger as captureLoggerAs } from '../support/logger';
import type {
  AvisCardModel,
  AvisSubmission,
  LaunchSubmission,
  TeamsCommand,
  TeamsConversationReference,
  TeamsHandlers,
  TeamsReply,
  TeamsTurn,
} from '../../src/adapters/teams/handlers';

export const CLIENT_ID = '00000000-1111-2222-3333-444444444444';
export const TENANT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

export function teamsConfig(env: Record<string, string> = {}): TConfig {
  return ZConfig.parse({
    NODE_ENV: 'test',
    TEAMS_CLIENT_ID: CLIENT_ID,
    TEAMS_CLIENT_SECRET: 'secret-for-tests',
    TEAMS_TENANT_ID: TENANT_ID,
    ...env,
  });
}

/** A pino logger whose lines the test can read (TEAMS_TEST_LOG=info shows them instead). */
export const captureLogger = (level = 'info') => captureLoggerAs(level, 'TEAMS_TEST_LOG');

export interface Recorded {
  commands: { command: TeamsCommand; turn: TeamsTurn }[];
  submissions: { submission: AvisSubmission; turn: TeamsTurn }[];
  cards: { roundId: string; turn: TeamsTurn }[];
  launches: { submission: LaunchSubmission; turn: TeamsTurn }[];
  installs: { reference: TeamsConversationReference; turn: TeamsTurn }[];
}

export const ENJEUX = [
  { id: 'e1', title: 'Élaborer une politique départementale' },
  { id: 'e2', title: 'Définir un cadre politique de référence' },
];

export function avisModel(overrides: Partial<AvisCardModel> = {}): AvisCardModel {
  return {
    roundId: 'round-1',
    draftTitle: 'Schéma directeur AVS 2025-2029',
    version: 2,
    deadlineText: 'vendredi 14 mars 2025 à 18 h',
    enjeux: ENJEUX,
    current: {},
    ...overrides,
  };
}

/** Handlers that record every call; behaviour can be replaced per test. */
export function stubHandlers(): {
  handlers: TeamsHandlers & Record<string, unknown>;
  recorded: Recorded;
} {
  const recorded: Recorded = {
    commands: [],
    submissions: [],
    cards: [],
    launches: [],
    installs: [],
  };
  const handlers = {
    async onCommand(command: TeamsCommand, turn: TeamsTurn): Promise<TeamsReply[]> {
      recorded.commands.push({ command, turn });
      return [{ kind: 'text', text: `ok ${command.name}` }];
    },
    async onAvisCard(roundId: string, turn: TeamsTurn) {
      recorded.cards.push({ roundId, turn });
      return avisModel({ roundId, current: { e1: { choice: 'favorable' } } });
    },
    async onAvisSubmit(submission: AvisSubmission, turn: TeamsTurn) {
      recorded.submissions.push({ submission, turn });
      const current = Object.fromEntries(
        submission.answers.map((a) => [a.enjeuId, { choice: a.choice, comment: a.comment }]),
      );
      return avisModel({
        roundId: submission.roundId,
        current,
        answeredBy: `Avis donné par ${turn.user.name ?? '?'}`,
        notice: 'Avis enregistré.',
      });
    },
    async onLaunchSubmit(submission: LaunchSubmission, turn: TeamsTurn): Promise<TeamsReply> {
      recorded.launches.push({ submission, turn });
      return { kind: 'text', text: 'Consultation lancée.' };
    },
    async onInstalled(reference: TeamsConversationReference, turn: TeamsTurn) {
      recorded.installs.push({ reference, turn });
    },
  };
  return { handlers, recorded };
}

export async function listen(
  app: express.Application,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let seq = 0;
export function baseActivity(
  serviceUrl: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  seq++;
  return {
    id: `f:${1700000000000 + seq}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'fr-FR',
    from: { id: '29:1user-bot-id', name: 'Marie Dupont', aadObjectId: 'aad-marie' },
    recipient: { id: `28:${CLIENT_ID}`, name: 'Concerto' },
    conversation: {
      conversationType: 'personal',
      tenantId: TENANT_ID,
      id: 'a:1personal-conversation',
    },
    channelData: { tenant: { id: TENANT_ID } },
    entities: [
      {
        type: 'clientInfo',
        locale: 'fr-FR',
        country: 'FR',
        platform: 'Web',
        timezone: 'Europe/Paris',
      },
    ],
    ...over,
  };
}

export function messageActivity(
  serviceUrl: string,
  text: string,
  over: Record<string, unknown> = {},
) {
  return baseActivity(serviceUrl, { type: 'message', text, textFormat: 'plain', ...over });
}

export function executeActivity(
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
  over: Record<string, unknown> = {},
) {
  return baseActivity(serviceUrl, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: '1700000000999',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    ...over,
  });
}

export async function post(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

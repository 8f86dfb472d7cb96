import type { OrganisationKind } from '../../src/domain/types';
import { cancellationMessage, deadlineChangedMessage } from '../../src/domain/round-messages';
import type { NeutralMessage } from '../../src/domain/messages';
import * as avisFormModule from '../../src/domain/avis-form';
import {
  extractAvis,
  extractLaunch,
  parseAvisModalMetadata,
  parseCommandText,
  ZViewSubmission,
} from '../../src/adapters/slack/parse';
import {
  buildAvisModal,
  buildHomeView,
  buildLaunchModal,
  escapeText,
  LAUNCH_BLOCK_IDS,
  participationBar,
  renderMessage,
  SLACK_LIMITS,
} from '../../src/adapters/slack/render';
import { avisStateValues, viewSubmission } from '../support/fake-slack';

function message(overrides: Partial<NeutralMessage> = {}): NeutralMessage {
  return {
    kind: 'round.invitation',
    locale: 'fr',
    title: 'Schéma directeur AVS 2026-2030 — version 2',
    text: [],
    fields: [{ label: 'Date limite', value: 'vendredi 12 juin 2026 à 18 h' }],
    sections: [],
    actions: [{ type: 'avis.open', label: 'Donner notre avis', roundId: 'r-1', style: 'primary' }],
    fallback: 'Consultation : Schéma directeur AVS 2026-2030',
    ...overrides,
  };
}

/** Every text string anywhere in a rendered structure. */
function allTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allTexts(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'text' && typeof v === 'string') out.push(v);
      else allTexts(v, out);
    }
  }
  return out;
}

describe('renderMessage', () => {
  it('escapes &, < and > in every user text, so a comment can neither ping nor forge a link', () => {
    const evil = 'Réserve <!channel> voir <https://evil.example|le projet officiel> & <@U123>';
    const r = renderMessage(
      message({
        title: 'Titre <!here>',
        text: [evil],
        fields: [{ label: 'Organisation <!everyone>', value: evil }],
        sections: [{ title: 'Enjeu 1 <b>', text: evil }],
        context: `Avis donné par ${evil}`,
        fallback: evil,
      }),
    );
    const texts = [r.text, ...allTexts(r.blocks)];
    expect(texts.length).toBeGreaterThan(5);
    for (const t of texts) {
      expect(t).not.toMatch(/<!channel>|<!here>|<!everyone>|<https?:|<@U/);
      expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(r.text).toBe(
      'Réserve &lt;!channel&gt; voir &lt;https://evil.example|le projet officiel&gt; &amp; &lt;@U123&gt;',
    );
  });

  it('always sets the fallback text', () => {
    const r = renderMessage(message({ fallback: '' }));
    expect(r.text).toBe(escapeText('Schéma directeur AVS 2026-2030 — version 2'));
  });

  it('keeps to 50 blocks and says what was left out', () => {
    const sections = Array.from({ length: 60 }, (_, i) => ({
      title: `Enjeu ${i + 1}`,
      text: `Texte ${i + 1}`,
    }));
    const r = renderMessage(message({ sections, context: 'Avis donné par X' }));
    expect(r.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const notes = allTexts(r.blocks).filter((t) => t.includes('non affiché'));
    expect(notes).toHaveLength(1);
    const shown = allTexts(r.blocks).filter((t) => /^\*Enjeu \d+\*/.test(t)).length;
    expect(notes[0]).toContain(`${60 - shown} élément`);
    // The button and the context survive the cut.
    expect(r.blocks.some((b) => b.type === 'actions')).toBe(true);
    expect(r.blocks[r.blocks.length - 1]?.type).toBe('context');
  });

  it('shows the chart of each results section as an image block with its alt text', () => {
    const url = 'https://concerto.example/charts/a.b.c.1.sig.png';
    const alt =
      'Diagramme en barres des avis sur « 1. <b>Petite</b> enfance », 4 organisations : Favorable 3 (75 %), Défavorable 1 (25 %).';
    const r = renderMessage(
      message({
        kind: 'round.results',
        actions: [],
        sections: [
          {
            title: '1. Petite enfance',
            text: '',
            counts: { favorable: 3, defavorable: 1 },
            chart: { url, alt },
          },
          { title: '2. Jeunesse', text: '', counts: { favorable: 1 } },
          // Never a link that is not a web address.
          { title: '3. Piège', text: '', chart: { url: 'javascript:alert(1)', alt: 'x' } },
        ],
      }),
    );
    const images = r.blocks.filter((b) => b.type === 'image') as {
      image_url: string;
      alt_text: string;
    }[];
    expect(images).toHaveLength(1);
    expect(images[0]!.image_url).toBe(url);
    expect(images[0]!.alt_text).toContain('Favorable 3 (75 %)');
    expect(images[0]!.alt_text).toContain('&lt;b&gt;Petite');
    // Right after the text of its section.
    const i = r.blocks.indexOf(images[0] as never);
    expect(JSON.stringify(r.blocks[i - 1])).toContain('1. Petite enfance');

    // A very long alt text is cut to Slack's 2000 characters.
    const long = renderMessage(
      message({ sections: [{ title: 'E', text: '', chart: { url, alt: 'a'.repeat(5000) } }] }),
    );
    const img = long.blocks.find((b) => b.type === 'image') as { alt_text: string };
    expect(img.alt_text.length).toBeLessThanOrEqual(SLACK_LIMITS.imageAltText);
  });

  it('leaves the images out when the sections with their images would pass 50 blocks', () => {
    const sections = Array.from({ length: 30 }, (_, i) => ({
      title: `Enjeu ${i + 1}`,
      text: '',
      chart: { url: `https://concerto.example/charts/${i}.png`, alt: `Graphique ${i + 1}` },
    }));
    const r = renderMessage(message({ sections, actions: [] }));
    expect(r.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(r.blocks.some((b) => b.type === 'image')).toBe(false);
    expect(allTexts(r.blocks).filter((t) => /^\*Enjeu \d+\*/.test(t))).toHaveLength(30);
  });

  it('cuts every text to 3000 characters and the header to 150, after escaping', () => {
    const comment = '<'.repeat(5000);
    const r = renderMessage(
      message({
        title: 'T'.repeat(400),
        text: [comment],
        sections: [{ title: 'Enjeu', text: comment }],
      }),
    );
    for (const t of allTexts(r.blocks))
      expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const header = r.blocks.find((b) => b.type === 'header') as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    // Never cut inside an entity.
    for (const t of allTexts(r.blocks))
      expect(t).not.toMatch(/&(l|lt|g|gt|a|am|amp)?(?![a-z;])…?$/);
    expect(r.text.length).toBeLessThanOrEqual(3000);
  });

  it('puts only the round id in the avis button', () => {
    const r = renderMessage(message());
    const actions = r.blocks.find((b) => b.type === 'actions') as {
      elements: { action_id: string; value: string }[];
    };
    expect(actions.elements[0]).toMatchObject({ action_id: 'avis.open', value: 'r-1' });
  });
});

describe('vote modal', () => {
  const enjeux = [
    {
      id: 'e1',
      position: 1,
      title: 'Politique départementale',
      body: 'Élaborer une politique <!channel>',
    },
    { id: 'e2', position: 2, title: 'Cadre de référence', body: 'Définir un cadre' },
    { id: 'e3', position: 3, title: 'Partenariat', body: 'Renforcer le partenariat' },
  ];

  it('has the four avis in French, a comment per enjeu, pre-filled, and only the round id in metadata', () => {
    const view = buildAvisModal({
      roundId: 'r-1',
      enjeux,
      current: { e2: { choice: 'defavorable', comment: 'Manque de moyens' } },
      locale: 'fr',
    });
    expect(view.private_metadata).toBe(JSON.stringify({ roundId: 'r-1' }));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const radio = view.blocks.filter(
      (b) =>
        b.type === 'input' && (b as { element: { type: string } }).element.type === 'radio_buttons',
    ) as {
      block_id: string;
      element: {
        options: { text: { text: string }; value: string }[];
        initial_option?: { value: string };
      };
    }[];
    expect(radio).toHaveLength(3);
    expect(radio[0]?.element.options.map((o) => o.text.text)).toEqual([
      'Favorable',
      'Favorable avec réserves',
      'Défavorable',
      'Abstention',
    ]);
    expect(radio[1]?.element.initial_option?.value).toBe('defavorable');
    const comment = view.blocks.find((b) => b.block_id === 'avis:e2:comment') as {
      element: { initial_value?: string; max_length: number };
    };
    expect(comment.element.initial_value).toBe('Manque de moyens');
    expect(comment.element.max_length).toBe(4000);
    expect(allTexts(view.blocks).join('\n')).not.toContain('<!channel>');
  });

  it('round-trips: what a user fills in comes back as [{ enjeuId, choice, comment }]', () => {
    const view = buildAvisModal({ roundId: 'r-1', enjeux, current: {}, locale: 'fr' });
    const request = viewSubmission({
      view,
      values: avisStateValues([
        { enjeuId: 'e1', choice: 'favorable', comment: '' },
        {
          enjeuId: 'e2',
          choice: 'favorable_avec_reserves',
          comment: '  Sous réserve des moyens  ',
        },
        { enjeuId: 'e3', choice: null, comment: null },
      ]),
    });
    const payload = ZViewSubmission.parse(
      JSON.parse(new URLSearchParams(request.body).get('payload') as string),
    );
    expect(parseAvisModalMetadata(payload.view.private_metadata)).toEqual({ roundId: 'r-1' });
    expect(extractAvis(payload.view.state.values)).toEqual([
      { enjeuId: 'e1', choice: 'favorable', comment: null },
      { enjeuId: 'e2', choice: 'favorable_avec_reserves', comment: 'Sous réserve des moyens' },
      { enjeuId: 'e3', choice: null, comment: null },
    ]);
  });

  it('refuses an avis value that is not one of the four', () => {
    expect(() =>
      extractAvis(avisStateValues([{ enjeuId: 'e1', choice: 'tres_favorable' }]) as never),
    ).toThrow(/unknown avis/);
  });

  it('fits 40 enjeux within 100 blocks', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      position: i + 1,
      title: `Enjeu ${i}`,
      body: 'x',
    }));
    expect(
      buildAvisModal({ roundId: 'r', enjeux: many, current: {}, locale: 'fr' }).blocks.length,
    ).toBeLessThanOrEqual(100);
  });

  it('speaks English to English users', () => {
    const view = buildAvisModal({ roundId: 'r', enjeux, current: {}, locale: 'en' });
    expect(allTexts(view.blocks)).toContain('Unfavourable');
  });
});

describe('launch modal', () => {
  it('reads back the launch input', () => {
    const view = buildLaunchModal({
      locale: 'fr',
      draftVersions: [{ id: 'v2', title: 'Schéma', version: 2, period: '2016-2020' }],
      organisations: [{ id: 'o1', name: 'DDETS', code: 'DDETS94', kind: 'etat' }],
    });
    expect(view.blocks.map((b) => b.block_id)).toEqual(Object.values(LAUNCH_BLOCK_IDS));
    const values = {
      [LAUNCH_BLOCK_IDS.draftVersion]: {
        value: { type: 'static_select', selected_option: { value: 'v2' } },
      },
      [LAUNCH_BLOCK_IDS.kinds]: {
        value: { type: 'multi_static_select', selected_options: [{ value: 'commune' }] },
      },
      [LAUNCH_BLOCK_IDS.organisations]: {
        value: { type: 'multi_static_select', selected_options: [] },
      },
      [LAUNCH_BLOCK_IDS.deadline]: { value: { type: 'datepicker', selected_date: '2026-06-12' } },
      [LAUNCH_BLOCK_IDS.deadlineTime]: { value: { type: 'timepicker', selected_time: '18:00' } },
      [LAUNCH_BLOCK_IDS.reminders]: { value: { type: 'plain_text_input', value: '2, 7,0' } },
      [LAUNCH_BLOCK_IDS.options]: {
        value: { type: 'checkboxes', selected_options: [{ value: 'silence_vaut_favorable' }] },
      },
    };
    const msgs = { reminders: 'bad', required: 'req' };
    expect(extractLaunch(values, msgs)).toEqual({
      draftVersionId: 'v2',
      organisationIds: [],
      organisationKinds: ['commune'],
      deadlineDate: '2026-06-12',
      deadlineTime: '18:00',
      reminderDaysBefore: [7, 2, 0],
      silenceVautFavorable: true,
      resultsVisibleDuringRound: false,
    });
    const bad = {
      ...values,
      [LAUNCH_BLOCK_IDS.reminders]: { value: { type: 'plain_text_input', value: 'sept' } },
    };
    expect(() => extractLaunch(bad, msgs)).toThrow('bad');
  });
});

describe('launch modal organisations', () => {
  const orgs = (kind: OrganisationKind, n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}${i}`,
      name: `${prefix} ${i}`,
      code: `${prefix.toUpperCase()}${i}`,
      kind,
    }));
  type Select = {
    options?: { text: { text: string }; value: string }[];
    option_groups?: { label: { text: string }; options: { value: string }[] }[];
  };
  const element = (view: ReturnType<typeof buildLaunchModal>, blockId: string) =>
    (view.blocks.find((b) => b.block_id === blockId) as { element: Select }).element;

  it('offers every organisation, grouped by kind, even past the 100 options of one list', () => {
    const organisations = [
      ...orgs('commune', 130, 'c'),
      ...orgs('evs', 12, 'e'),
      ...orgs('centre_social', 8, 's'),
    ];
    const view = buildLaunchModal({
      locale: 'fr',
      draftVersions: [{ id: 'v1', title: 'Schéma', version: 1, period: '2016-2020' }],
      organisations,
    });
    const groups = element(view, LAUNCH_BLOCK_IDS.organisations).option_groups!;
    expect(groups.map((g) => [g.label.text, g.options.length])).toEqual([
      ['Communes (1/2)', 100],
      ['Communes (2/2)', 30],
      ['Centres sociaux (8)', 8],
      ['Espaces de vie sociale (12)', 12],
    ]);
    expect(groups.flatMap((g) => g.options.map((o) => o.value)).sort()).toEqual(
      organisations.map((o) => o.id).sort(),
    );
    // The kinds present, with how many each: "all the communes" in one choice.
    const kinds = element(view, LAUNCH_BLOCK_IDS.kinds).options!;
    expect(kinds.map((k) => [k.value, k.text.text])).toEqual([
      ['commune', 'Communes (130)'],
      ['centre_social', 'Centres sociaux (8)'],
      ['evs', 'Espaces de vie sociale (12)'],
    ]);
  });

  it('cuts a long name, never the code that tells structures apart', () => {
    const name =
      'Communauté d’agglomération Grand Paris Sud Seine-Essonne-Sénart & ses centres sociaux';
    const view = buildLaunchModal({
      locale: 'fr',
      draftVersions: [{ id: 'v1', title: 'Schéma', version: 1, period: '2016-2020' }],
      organisations: [
        { id: 'o1', name, code: 'EPT12', kind: 'epci' },
        { id: 'o2', name: 'Centre social Les Sablons', code: 'S94-002', kind: 'centre_social' },
      ],
    });
    const [long, short] = element(view, LAUNCH_BLOCK_IDS.organisations).option_groups!.map(
      (g) => g.options[0] as unknown as { text: { text: string } },
    );
    expect(long!.text.text.length).toBeLessThanOrEqual(75);
    expect(long!.text.text).toMatch(/^Communauté d’agglomération Grand Paris .*… — EPT12$/);
    expect(short!.text.text).toBe('Centre social Les Sablons — S94-002');
  });

  it('keeps the version of a draft whose title is long', () => {
    const title = "Schéma directeur de l'animation de la vie sociale du Val-de-Marne";
    const view = buildLaunchModal({
      locale: 'fr',
      draftVersions: [
        { id: 'v2', title, version: 2, period: '2016-2020' },
        { id: 'v1', title, version: 1, period: '2016-2020' },
      ],
      organisations: [],
    });
    const versions = element(view, LAUNCH_BLOCK_IDS.draftVersion).options!;
    expect(versions.map((v) => v.text.text)).toEqual([
      expect.stringMatching(
        /^Schéma directeur de l'animation de la .*… — version 2 \(2016-2020\)$/,
      ),
      expect.stringMatching(/… — version 1 \(2016-2020\)$/),
    ]);
    expect(versions.every((v) => v.text.text.length <= 75)).toBe(true);
  });

  it('leaves out the organisation fields when the Caf has no partner yet', () => {
    const view = buildLaunchModal({
      locale: 'en',
      draftVersions: [{ id: 'v1', title: 'Schéma', version: 1, period: '2016-2020' }],
      organisations: [],
    });
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).not.toContain(LAUNCH_BLOCK_IDS.kinds);
    expect(ids).not.toContain(LAUNCH_BLOCK_IDS.organisations);
  });
});

describe('App Home and commands', () => {
  it('draws participation bars as text', () => {
    expect(participationBar(4, 8)).toBe('▓▓▓▓░░░░ 4/8');
    expect(participationBar(0, 0)).toBe('░░░░░░░░ 0/0');
    const home = buildHomeView({
      role: 'pilot',
      locale: 'fr',
      rounds: [
        {
          roundId: 'r',
          title: 'Schéma <v2>',
          deadline: '12 juin',
          organisationsAnswered: 4,
          organisationsInvited: 8,
          notAnswered: ['MSA'],
        },
      ],
      agrements: [
        { structure: 'CS Les Portes', kind: 'animation globale', endDate: '30 sept. 2026' },
      ],
    });
    const texts = allTexts(home.blocks).join('\n');
    expect(texts).toContain('▓▓▓▓░░░░ 4/8');
    expect(texts).toContain('Schéma &lt;v2&gt;');
    expect(texts).toContain('Sans réponse : MSA');
  });

  it('splits /concerto text into a sub-command and arguments', () => {
    expect(parseCommandText('  Rejoindre   ABC-123 ')).toEqual({
      sub: 'rejoindre',
      args: ['ABC-123'],
    });
    expect(parseCommandText('')).toEqual({ sub: '', args: [] });
  });
});

describe('round announcements', () => {
  const round = {
    id: 'r1',
    number: 3,
    deadline: new Date('2026-12-18T16:00:00Z'),
    draftTitle: 'Schéma <enfance>',
    version: 2,
    period: '2026-2030',
    timezone: 'Europe/Paris',
    silenceMeansFavorable: false,
  };
  it('renders a new deadline and a cancellation, with their text and no avis button', () => {
    for (const m of [
      deadlineChangedMessage({ round, locale: 'fr' }),
      cancellationMessage({ round, locale: 'fr' }),
    ]) {
      expect(m.kind).toBe('round.announcement');
      const r = renderMessage(m);
      const json = JSON.stringify(r.blocks);
      expect(r.text).toBe(escapeText(m.fallback));
      expect(json).toContain(escapeText(m.text[0]!));
      expect(json).not.toContain('avis.open');
    }
    expect(deadlineChangedMessage({ round, locale: 'fr' }).fallback).toContain(
      'vendredi 18 décembre 2026 à 17 h 00',
    );
    expect(cancellationMessage({ round, locale: 'fr' }).text[0]).toMatch(
      /^La consultation n° 3 est annulée/,
    );
  });
});

describe('the avis modal draws the neutral avis form (domain/avis-form.ts)', () => {
  afterEach(() => jest.restoreAllMocks());

  it("shows the model's labels, options, hint and submit, whatever they say", () => {
    const real = avisFormModule.avisForm;
    jest.spyOn(avisFormModule, 'avisForm').mockImplementation((input) => {
      const form = real(input);
      const [first] = form.enjeux;
      first!.choice.label = 'Libellé du modèle';
      first!.choice.options[0]!.label = 'Option du modèle';
      first!.comment.label = 'Commentaire du modèle';
      first!.comment.hint = 'Aide du modèle';
      return { ...form, submit: 'Valider (modèle)' };
    });
    const view = buildAvisModal({
      roundId: 'r-1',
      enjeux: [{ id: 'e1', position: 1, title: 'Offre', body: 'x' }],
      current: {},
      locale: 'fr',
    });
    const json = JSON.stringify(view);
    for (const text of [
      'Libellé du modèle',
      'Option du modèle',
      'Commentaire du modèle',
      'Aide du modèle',
      'Valider (modèle)',
    ])
      expect(json).toContain(text);
  });
});

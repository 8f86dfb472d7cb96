import { webApi } from '@slack/bolt';
import type { FetchFunction } from '@slack/web-api';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;
import { Agent, request, type Dispatcher } from 'undici';

/**
 * The `fetch` our Slack WebClients use (WebClient's `fetch` option, meant for transport-level
 * choices): undici's `request` on one keep-alive connection pool, answered with the part of a
 * Response the WebClient reads (status, headers, url, text/json/arrayBuffer).
 *
 * Why: every vote sends one ephemeral confirmation, and Node's global fetch (with its web
 * streams, one AbortSignal and one Response per call) cost about 0.45 ms of CPU per Slack call
 * where `request` costs about 0.12 ms (measured with @slack/web-api 8.2 on Node 20, against a
 * local stub). bench/slack.ts shows the effect on the vote path.
 */
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

/** Response headers as the WebClient reads them (names are lower-case in undici). */
function headersOf(raw: Record<string, string | string[] | undefined>) {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined)
      map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    get: (name: string) => map.get(name.toLowerCase()) ?? null,
    entries: () => map.entries(),
  };
}

export const slackFetch: FetchFunction = async (input, init = {}) => {
  const url = String(input);
  // Multipart bodies (file uploads) are rare: Node's fetch encodes them.
  if (init.body !== undefined && typeof init.body !== 'string')
    return (await fetch(url, init)) as unknown as FetchResponse;
  const res = await request(url, {
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    ...(init.headers ? { headers: init.headers } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
    dispatcher,
    // The WebClient asks for redirect: 'error': undici's request never follows redirects.
  });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    statusText: '',
    ok: res.statusCode >= 200 && res.statusCode < 300,
    url,
    headers: headersOf(res.headers),
    text: async () => bytes.toString('utf8'),
    json: async () => JSON.parse(bytes.toString('utf8')) as unknown,
    arrayBuffer: async () =>
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
};

/** What a WebClient call throws when Slack answers `ok: false` (as @slack/web-api builds it). */
function platformError(data: { error?: unknown }): Error {
  return Object.assign(new Error(`An API error occurred: ${String(data.error)}`), {
    code: webApi.ErrorCode.PlatformError,
    data,
  });
}

/**
 * One Web API write on the vote's path (the ephemeral confirmation), as a JSON POST with the
 * client's token on the pool above: Slack takes JSON bodies for its write methods. The
 * WebClient's queue, retry wrapper, form encoding and logging cost about 0.12 ms of CPU per call
 * where this costs about 0.03 ms (Node 20, against a local stub; bench/slack.ts shows the effect).
 *
 * Slack's `ok: false` is thrown as the WebClient throws it (`code` PlatformError,
 * `data.error`). Anything else — a 429, a 5xx, a refused connection, an answer that is not JSON —
 * is handed to the WebClient, which waits and retries as its policy says.
 */
export async function slackPostJson(
  client: webApi.WebClient,
  method: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  const slow = () => client.apiCall(method, args);
  if (!client.token) return slow();
  let answer: { ok?: unknown; error?: unknown } | undefined;
  try {
    const res = await request(`${client.slackApiUrl}${method}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${client.token}`,
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify(args),
      dispatcher,
    });
    if (res.statusCode === 200) answer = (await res.body.json()) as typeof answer;
    else await res.body.dump();
  } catch {
    answer = undefined;
  }
  if (!answer || typeof answer !== 'object') return slow();
  if (answer.ok !== true) throw platformError(answer);
  return answer;
}

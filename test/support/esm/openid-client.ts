import { nativeRequire } from './native';

/** `openid-client` for the code under test, loaded by Node itself (ESM only; jest cannot). */
export = nativeRequire<typeof import('openid-client')>('openid-client');

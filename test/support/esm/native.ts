/** Node's own require (see native-require-environment.js), for ESM-only packages. */
export function nativeRequire<T>(id: string): T {
  const r = (globalThis as { __nativeRequire?: (id: string) => unknown }).__nativeRequire;
  if (!r)
    throw new Error('test/support/esm/native-require-environment.js is not the test environment');
  return r(id) as T;
}

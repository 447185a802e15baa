/**
 * What the web app's build gets for `zod` (vite.config.ts): @ralf/shared defines its wire shapes
 * as zod schemas, and the web app uses their types and the plain helpers beside them, never the
 * schemas themselves (the BFF validates every input). Building a schema here is a chain of calls
 * that returns the same inert object, so zod stays out of the first load (issue 18's budget).
 * Parsing with one throws: a page that starts to validate must say so here first.
 */
const refuse = () => {
  throw new Error('zod schemas are not part of the web app: validate on the BFF');
};
const inert: object = new Proxy(function inert() {}, {
  get: (_t, key) => (key === 'parse' || key === 'safeParse' || key === 'parseAsync' ? refuse : inert),
  apply: () => inert,
});
export const z = inert;
export class ZodError extends Error {}
export default inert;

// node-postgres's own parameter serialisation (no types ship for this module).
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}

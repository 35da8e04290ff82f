// Files imported as text: specs for the start-up snapshot's warm-up, and python/regc_schedules.py, which
// `regc build` writes beside Keras JSON with schedules. esbuild's text loader (scripts/build.mjs) and
// vitest.config.ts's plugin turn them into a default-exported string.
declare module "*.reg" {
  const text: string;
  export default text;
}
declare module "*.py" {
  const text: string;
  export default text;
}

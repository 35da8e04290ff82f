// regc's version, the package's: written in by the build (esbuild's define, from package.json) and by
// the tests' vitest config alike. Source run any other way (tsx) says 0.0.0-dev, the one fallback.
declare const __REGC_VERSION__: string | undefined;
export const VERSION: string = typeof __REGC_VERSION__ === "string" ? __REGC_VERSION__ : "0.0.0-dev";

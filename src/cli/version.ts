// The package version, injected at build time.
declare const __REGC_VERSION__: string | undefined;
export const VERSION: string = typeof __REGC_VERSION__ === "string" ? __REGC_VERSION__ : "0.0.0-dev";

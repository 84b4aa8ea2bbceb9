// The node flags the sandbox's server runs with: `npm start` and the image pass them, and the bench
// gives them to every server process it starts (the sandbox and the baselines alike), so that its
// ratios compare code, not settings. They must be on node's command line: V8 sizes the young
// generation when the process starts (v8.setFlagsFromString is too late for it).
// test/package/server-flags.test.ts keeps package.json and the Dockerfile in step with this list.
//
// A young generation of at most 4 MB per semi-space: with dozens of requests in flight, about half
// of what a server allocates is still alive at a scavenge, and the pause grows with what is copied;
// smaller scavenges, more often, cut the tail latency without costing throughput (bench/README.md).
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

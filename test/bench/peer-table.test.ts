// The peer table without the peers installed: each peer's ratios are taken against the sandbox's row
// of the same data and workload, and a start-up-only row shows dashes where nothing was measured.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { peerTable, SANDBOX, type PeerCell } from '../../bench/peer-table.js';

const cells: PeerCell[] = [
  { data: '1,000', workload: 'page', server: SANDBOX, rps: 4000, p99: 10, failed: 0, bytes: 5688, startupMs: 1000, peakRssMb: 100 },
  { data: '1,000', workload: 'page', server: 'json-server 0.17', rps: 1000, p99: 40, failed: 0, bytes: 7755, startupMs: 500, peakRssMb: 50 },
  { data: '100,000', workload: 'page', server: SANDBOX, rps: 2000, p99: 20, failed: 0, bytes: 5688, startupMs: 3000, peakRssMb: 300 },
  { data: '100,000', workload: 'page', server: 'json-server 0.17', rps: 20, p99: 2000, failed: 3, bytes: 7755, startupMs: 6000, peakRssMb: 600 },
  { data: 'fixtures', workload: 'start-up', server: SANDBOX, startupMs: 800, peakRssMb: 90 },
  { data: 'fixtures', workload: 'start-up', server: 'Prism 5.12', startupMs: 2400, peakRssMb: 180 },
];

const rowOf = (table: string, data: string, server: string) =>
  table
    .split('\n')
    .find((line) => line.startsWith(`| ${data} |`) && line.includes(`| ${server} |`))
    ?.split('|')
    .map((c) => c.trim())
    .slice(1, -1);

test('each peer is compared with the sandbox on the same data and workload', () => {
  const table = peerTable(cells);
  // req/s, p99, start-up and RSS ratios, peer / sandbox.
  assert.deepEqual(rowOf(table, '1,000', 'json-server 0.17')?.slice(9), ['0.25', '4.00', '0.50', '0.50']);
  assert.deepEqual(rowOf(table, '100,000', 'json-server 0.17')?.slice(9), ['0.01', '100.00', '2.00', '2.00']);
  assert.deepEqual(rowOf(table, '100,000', SANDBOX)?.slice(9), ['–', '–', '–', '–']);
});

test('a start-up row has no throughput but is compared on start-up and memory', () => {
  const row = rowOf(peerTable(cells), 'fixtures', 'Prism 5.12');
  assert.deepEqual(row?.slice(3, 7), ['–', '–', '–', '–']);
  assert.deepEqual(row?.slice(7), ['2,400', '180', '–', '–', '3.00', '2.00']);
});

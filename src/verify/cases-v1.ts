// Execution Threads v1, request by request: the documented requests verbatim, the spec's example
// values, boundary and invalid values of every parameter, the sorting grammar, credentials.
import { documentedExamples, parameterCases, shown } from './parameter-cases.js';
import type { Random } from './seeded-random.js';
import type { SpecValidator } from './spec-validator.js';
import { withQuery } from './urls.js';
import type { Verifier } from './verifier.js';
import { SORT_KEYS } from './invariants.js';
import { checkPage, expectV1BadRequest, LIST_V1, V1, V1_PATH } from './v1-list.js';

// The source document's curl and its "Cube" line (with an empty parameter name), byte for byte.
const DOCUMENTED = `${V1_PATH}?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=`;
const CUBE = `${V1_PATH}?workspaceId=&start=&total=&thread_token=&=&sorting=`;

export async function verifyV1Requests(v: Verifier, spec: SpecValidator, random: Random): Promise<void> {
  const check = (name: string, body: Parameters<Verifier['check']>[3]) => v.check(V1, LIST_V1, name, body);

  for (const [label, url] of [
    ['the documented request', DOCUMENTED],
    ['the documented "Cube" request (with an empty parameter name)', CUBE],
    ['workspaceId=-1', `${V1_PATH}?workspaceId=-1`],
  ] as const) {
    await check(`${label} answers 200, the same as no parameters at all (${url})`, async (t) => {
      const answer = await t.get(url, { expect: 200 });
      checkPage(t, {});
      const plain = (await t.get(V1_PATH, { expect: 200 })).body;
      t.assertEqual(answer.body, plain, `empty values must mean "not given"`, answer);
    });
  }

  const operation = spec.operation(V1, LIST_V1);
  for (const { parameter, value } of documentedExamples(operation)) {
    await check(`${parameter}=${value} (the spec's example) answers 200`, async (t) => {
      await t.get(withQuery(V1_PATH, { [parameter]: value }), { expect: 200 });
      checkPage(t, { [parameter]: value });
    });
  }

  for (const c of parameterCases(operation, random, ['sorting'])) {
    const params = { [c.parameter]: c.value };
    await check(`${c.parameter}=${shown(c.value)} is ${c.valid ? 'accepted' : 'rejected with 400'} (${c.why})`, async (t) => {
      await t.get(withQuery(V1_PATH, params), { expect: c.valid ? 200 : 400 });
      if (c.valid) checkPage(t, params);
      else expectV1BadRequest(t, c.parameter);
    });
  }

  await check(`an unknown sort key is rejected with 400 that lists the allowed keys`, async (t) => {
    await t.get(withQuery(V1_PATH, { sorting: `Unknown${random.word(4)}` }), { expect: 400 });
    const message = String((t.last?.body as { message?: unknown }).message);
    const missing = SORT_KEYS.filter((k) => !message.includes(k));
    t.assert(missing.length === 0, `the message does not list the allowed keys ${missing.join(', ')}: ${JSON.stringify(message)}`);
  });
  for (const [value, why] of [
    ['-CreatedAt desc', "both '-' and ' desc'"],
    ['CreatedAt sideways', 'a direction other than asc or desc'],
  ] as const) {
    await check(`sorting=${value} is rejected with 400 (${why})`, async (t) => {
      await t.get(withQuery(V1_PATH, { sorting: value }), { expect: 400 });
      expectV1BadRequest(t, 'sorting');
    });
  }
  await check('a parameter given twice is rejected with 400 (start=0&start=1)', async (t) => {
    await t.get(`${V1_PATH}?start=0&start=1`, { expect: 400 });
    expectV1BadRequest(t, 'start');
  });

  await check('without an Api-Token header the answer is 401', async (t) => {
    await t.get(DOCUMENTED, { auth: false, expect: 401 });
  });
  await check('an empty Api-Token header is answered 401', async (t) => {
    await t.get(DOCUMENTED, { auth: false, headers: { 'Api-Token': '' }, expect: 401 });
  });
}

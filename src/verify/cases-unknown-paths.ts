// Paths no operation owns: a 404 in the API's own error shape (the specs' NotFound responses),
// never an HTML page or another API's shape.
import type { ApiName } from './http-client.js';
import type { Random } from './seeded-random.js';
import type { SpecValidator } from './spec-validator.js';
import type { Verifier } from './verifier.js';

const PREFIX: Record<ApiName, string> = { v1: '/v1', v0: '/human/v0' };

export async function verifyUnknownPath(v: Verifier, spec: SpecValidator, random: Random, api: ApiName): Promise<void> {
  const url = `${PREFIX[api]}/verify-unknown-${random.word(8)}`;
  await v.check(api, '(paths no operation owns)', `an unknown path (${url}) answers 404 in the API's error shape`, async (t) => {
    const answer = await t.getUnowned(url, { expect: 404 });
    const problems = spec.errorShapeProblems(api, answer);
    t.assert(problems.length === 0, problems.join('; '));
    if (api === 'v0') t.assert((answer.body as { name?: unknown }).name === 'NotFoundError', `the error name should be NotFoundError, it is ${JSON.stringify((answer.body as { name?: unknown }).name)}`);
  });
}

import { InvariantResult } from './invariants';

interface GateAnswer {
  allowed: boolean;
  checks: Array<{ id: string; passed: boolean; reason: string }>;
}

/**
 * A runtime freeze declared through one replica blocks the gate of the
 * other from its next request, and lifting it through the other stops it
 * just as soon: no replica keeps freezes in memory.
 */
export async function checkRuntimeFreeze(options: {
  /** Base URLs of the two replicas. */
  declareOn: string;
  askOn: string;
  token: string;
  entityRef: string;
  environment: string;
}): Promise<InvariantResult> {
  const { declareOn, askOn, token, entityRef, environment } = options;
  const result: InvariantResult = {
    name: 'a runtime freeze declared on one replica blocks the gate on the other at once, and lifting it there frees it at once',
    checked: 0,
    violations: [],
    notes: [],
  };
  const expect = (ok: boolean, message: string) => {
    result.checked += 1;
    if (!ok) {
      result.violations.push(message);
    }
  };
  const call = async (
    base: string,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${base}/api/releases${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const name = `Replica test freeze ${Date.now()}`;
  const freezeReason = async (base: string) => {
    const gate = await call(
      base,
      'GET',
      `/gate?entityRef=${encodeURIComponent(
        entityRef,
      )}&environment=${environment}`,
    );
    const answer = gate.body as GateAnswer;
    return answer.checks.find(c => c.id === 'freeze')?.reason ?? '';
  };

  expect(
    !(await freezeReason(askOn)).includes(name),
    'the gate named the freeze before it was declared',
  );
  const declared = await call(declareOn, 'POST', '/freezes', {
    name,
    reason: 'Multi-replica test',
    environments: [environment],
  });
  expect(declared.status === 201, `declaring answered ${declared.status}`);
  const blocked = await freezeReason(askOn);
  expect(
    blocked.includes(`the freeze "${name}"`),
    `the other replica's next gate answer did not name the freeze: "${blocked}"`,
  );
  const lifted = await call(askOn, 'DELETE', `/freezes/${declared.body.id}`);
  expect(lifted.status === 200, `lifting answered ${lifted.status}`);
  const freed = await freezeReason(declareOn);
  expect(
    !freed.includes(name),
    `the declaring replica still named the lifted freeze: "${freed}"`,
  );
  result.notes.push(
    `declared through one replica, blocked on the other: "${blocked}"`,
  );
  return result;
}

import {
  createReleaseSchema,
  describeZodError,
  listReleasesQuerySchema,
  transitionRequestSchema,
  updateReleaseSchema,
} from './schemas';

const valid = {
  title: '  Payments 2.5 ',
  type: 'minor',
  plannedStart: '2026-12-01T09:00:00+01:00',
  plannedEnd: '2026-12-01T17:00:00Z',
  owner: 'group:default/payments-team',
  components: [{ entityRef: 'component:default/payments-api', version: '' }],
};

function errorOf(schema: { safeParse(v: unknown): any }, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return describeZodError(result.error);
}

describe('createReleaseSchema', () => {
  it('trims, defaults the description and drops empty versions', () => {
    const parsed = createReleaseSchema.parse(valid);
    expect(parsed.title).toBe('Payments 2.5');
    expect(parsed.description).toBe('');
    expect(parsed.components).toEqual([
      { entityRef: 'component:default/payments-api' },
    ]);
  });

  it('names every bad field', () => {
    expect(
      errorOf(createReleaseSchema, { ...valid, title: '', type: 'x' }),
    ).toBe('title: is required; type: must be one of major, minor, emergency');
  });

  it('wants the end after the start, comparing instants across offsets', () => {
    expect(
      errorOf(createReleaseSchema, {
        ...valid,
        plannedEnd: '2026-12-01T08:00:00Z',
      }),
    ).toBe('plannedEnd: must be after plannedStart');
  });

  it('caps the planned window at 400 days', () => {
    expect(
      createReleaseSchema.safeParse({
        ...valid,
        plannedEnd: '2028-01-05T08:00:00Z',
      }).success,
    ).toBe(true);
    expect(
      errorOf(createReleaseSchema, {
        ...valid,
        plannedEnd: '2028-01-05T08:00:01Z',
      }),
    ).toBe('plannedEnd: may be at most 400 days after plannedStart');
  });

  it('refuses unknown fields and non-ISO dates', () => {
    expect(errorOf(createReleaseSchema, { ...valid, colour: 'red' })).toBe(
      'colour: is not a known field',
    );
    expect(
      errorOf(createReleaseSchema, { ...valid, plannedStart: '01/12/2026' }),
    ).toContain('plannedStart: must be an ISO-8601 date-time');
  });
});

describe('updateReleaseSchema', () => {
  it('needs a revision', () => {
    expect(errorOf(updateReleaseSchema, { title: 'x' })).toBe(
      'revision: is required',
    );
    expect(updateReleaseSchema.parse({ revision: 3 })).toEqual({ revision: 3 });
  });
});

describe('transitionRequestSchema', () => {
  it('treats an empty reason as none', () => {
    expect(transitionRequestSchema.parse({ to: 'plan', reason: '  ' })).toEqual(
      { to: 'plan' },
    );
  });
});

describe('listReleasesQuerySchema', () => {
  it('accepts comma lists and repeated parameters and coerces paging', () => {
    expect(
      listReleasesQuerySchema.parse({
        phase: ['plan,design', 'build'],
        limit: '5',
      }),
    ).toMatchObject({
      phase: ['plan', 'design', 'build'],
      limit: 5,
      offset: 0,
      order: 'desc',
    });
  });

  it('bounds the page size and the range', () => {
    expect(errorOf(listReleasesQuerySchema, { limit: '500' })).toBe(
      'limit: must be at most 100',
    );
    expect(
      errorOf(listReleasesQuerySchema, {
        from: '2026-12-02T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
      }),
    ).toBe('to: must not be before from');
  });
});

import {
  calendarQuerySchema,
  impactQuerySchema,
  listReleasesQuerySchema,
  metricsQuerySchema,
  planCheckSchema,
  policyDryRunSchema,
  RELEASE_TYPES,
} from '@backstage-itsm/plugin-releases-common';
import {
  componentRef,
  ENVIRONMENTS,
  Scale,
  systemRef,
  teamRef,
} from './dataset';
import { RequestSpec } from './load';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** One size of a request that a limit may bound: a range's span, a list's length, … */
interface Dimension {
  name: string;
  unit: string;
  /** Always accepted. */
  min: number;
  /** Searched no higher: what is sent when neither the schema nor the server bounds it. */
  ceiling: number;
  /** The variants it applies to; all when absent. */
  variants?: number[];
}

type Values = Record<string, number>;

/**
 * One of the most expensive requests a signed-in user can make. Its sizes are
 * found at run time (see `calibrate`), so the request follows the limits as
 * the schemas and the server apply them today.
 */
export interface HeavyKind {
  id: string;
  title: string;
  dimensions: Dimension[];
  /**
   * Variants alternate between requests (e.g. a range over the data and a
   * range as far ahead as allowed); every variant is calibrated.
   */
  variants: string[];
  request(values: Values, variant: number): RequestSpec;
  /** Whether the exported schema accepts the request; absent when no schema bounds it. */
  schemaAccepts?(values: Values, variant: number): boolean;
}

/**
 * A range of `span` days. Variant 0 ends now (over the history, where the
 * data is); variant 1 ends `ahead` days after now (recurring freeze windows
 * are expanded up to there). An hour of margin keeps a range found at
 * calibration valid while the clock moves on.
 */
function range(values: Values, variant: number) {
  const now = Date.now();
  const to = variant === 0 ? now : now + values.ahead * DAY - HOUR;
  return {
    from: new Date(to - values.span * DAY + HOUR).toISOString(),
    to: new Date(to).toISOString(),
  };
}

const RANGE_VARIANTS = ['over the history', 'as far ahead as allowed'];
const rangeDimensions: Dimension[] = [
  { name: 'span', unit: 'days', min: 1, ceiling: 36_500 },
  {
    name: 'ahead',
    unit: 'days after now',
    min: 1,
    ceiling: 36_500,
    variants: [1],
  },
];

const query = (params: Record<string, string | number>) =>
  new URLSearchParams(
    Object.entries(params).map(([k, v]) => [k, String(v)]),
  ).toString();

/** The request kinds of the starvation measurement, for a signed-in user. */
export function heavyKinds(scale: Scale, userToken: string): HeavyKind[] {
  const get = (path: string): RequestSpec => ({ path, token: userToken });
  const post = (path: string, body: unknown): RequestSpec => ({
    method: 'POST',
    path,
    token: userToken,
    body,
  });
  const components = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      componentRef((i * 7) % scale.components),
    );
  const perSystem = scale.components / scale.systems;
  let impactStart = 0;

  const planCheck = (values: Values, variant: number) => {
    const { from, to } = range(values, variant);
    return {
      type: 'major',
      plannedStart: from,
      plannedEnd: to,
      components: components(values.components).map(entityRef => ({
        entityRef,
        version: '9.9.9',
      })),
      environments: ENVIRONMENTS.map(e => e.name),
    };
  };

  const dryRun = (values: Values, variant: number) => {
    const list = (count: number, ref: (i: number) => string) =>
      Array.from({ length: count }, (_, i) => ref(i % scale.systems));
    return {
      ...range(values, variant),
      policies: Array.from({ length: values.policies }, (_policy, p) => ({
        name: `bench-policy-${p}`,
        when: {
          types: [...RELEASE_TYPES],
          environments: ['production'],
          selector: {
            system: list(values.selectorValues, systemRef),
            owner: list(values.selectorValues, teamRef),
          },
        },
        require: Array.from({ length: values.rules }, (_rule, r) =>
          r % 2 === 0
            ? { owner: true, count: 1 }
            : { group: 'group:default/cab', count: 2 },
        ),
      })),
    };
  };

  const search = (values: Values, variant: number) => ({
    // Variant 0 matches every release (all titles name a team), variant 1 none.
    q: variant === 0 ? 'team' : 'z'.repeat(values.length),
    limit: values.limit,
  });

  return [
    {
      id: 'calendar',
      title: 'GET /calendar, widest range, everything',
      dimensions: rangeDimensions,
      variants: RANGE_VARIANTS,
      request: (values, variant) =>
        get(`/api/releases/calendar?${query(range(values, variant))}`),
      schemaAccepts: (values, variant) =>
        calendarQuerySchema.safeParse(range(values, variant)).success,
    },
    {
      id: 'ics',
      title: 'GET /calendar.ics, everything',
      dimensions: [],
      variants: ['feed'],
      request: () => get('/api/releases/calendar.ics'),
    },
    {
      id: 'check',
      title: 'POST /calendar/check, longest window, most components',
      dimensions: [
        ...rangeDimensions,
        { name: 'components', unit: 'components', min: 1, ceiling: 1000 },
      ],
      variants: RANGE_VARIANTS,
      request: (values, variant) =>
        post('/api/releases/calendar/check', planCheck(values, variant)),
      schemaAccepts: (values, variant) =>
        planCheckSchema.safeParse(planCheck(values, variant)).success,
    },
    {
      id: 'dry-run',
      title: 'POST /policies/dry-run, largest body and range',
      dimensions: [
        ...rangeDimensions,
        { name: 'policies', unit: 'policies', min: 1, ceiling: 1000 },
        { name: 'rules', unit: 'rules per policy', min: 1, ceiling: 1000 },
        {
          name: 'selectorValues',
          unit: 'values per selector key',
          min: 1,
          ceiling: 1000,
        },
      ],
      variants: RANGE_VARIANTS,
      request: (values, variant) =>
        post('/api/releases/policies/dry-run', dryRun(values, variant)),
      schemaAccepts: (values, variant) =>
        policyDryRunSchema.safeParse(dryRun(values, variant)).success,
    },
    {
      id: 'metrics',
      title: 'GET /metrics, longest range, everything, weekly',
      dimensions: rangeDimensions,
      variants: RANGE_VARIANTS,
      request: (values, variant) =>
        get(
          `/api/releases/metrics?${query({
            ...range(values, variant),
            bucket: 'week',
          })}`,
        ),
      schemaAccepts: (values, variant) =>
        metricsQuerySchema.safeParse({
          ...range(values, variant),
          bucket: 'week',
        }).success,
    },
    {
      id: 'versions-csv',
      title: 'GET /versions?format=csv, everything',
      dimensions: [],
      variants: ['export'],
      request: () => get('/api/releases/versions?format=csv'),
    },
    {
      id: 'deployments-csv',
      title: 'GET /deployments?format=csv, everything',
      dimensions: [],
      variants: ['export'],
      request: () => get('/api/releases/deployments?format=csv'),
    },
    {
      id: 'impact',
      title: "GET /impact at the deepest depth, a system's first component",
      dimensions: [{ name: 'depth', unit: 'hops', min: 1, ceiling: 100 }],
      variants: ['impact'],
      request: values =>
        get(
          `/api/releases/impact?${query({
            // The first component of each system in turn: the whole chain depends on it.
            entityRef: componentRef(
              (impactStart++ % scale.systems) * perSystem,
            ),
            depth: values.depth,
          })}`,
        ),
      schemaAccepts: values =>
        impactQuerySchema.safeParse({
          entityRef: componentRef(0),
          depth: String(values.depth),
        }).success,
    },
    {
      id: 'inbox',
      title: 'GET /approvals/inbox (the user is in every approving group)',
      dimensions: [],
      variants: ['inbox'],
      request: () => get('/api/releases/approvals/inbox'),
    },
    {
      id: 'search',
      title: 'GET /releases?q=, largest page',
      dimensions: [
        { name: 'limit', unit: 'releases per page', min: 1, ceiling: 100_000 },
        {
          name: 'length',
          unit: 'characters of q',
          min: 5,
          ceiling: 10_000,
          variants: [1],
        },
      ],
      variants: ['matching every release', 'matching none, longest q'],
      request: (values, variant) =>
        get(`/api/releases/releases?${query(search(values, variant))}`),
      schemaAccepts: (values, variant) =>
        listReleasesQuerySchema.safeParse({
          ...search(values, variant),
          limit: String(values.limit),
        }).success,
    },
  ];
}

/** What calibration settled on for one variant of a kind. */
export interface CalibratedVariant {
  name: string;
  values: Values;
  /** Per dimension: `schema`, `server` (a limit the schema does not show) or `none` (sent at the ceiling). */
  boundBy: Record<string, 'schema' | 'server' | 'none'>;
  units: Record<string, string>;
  /** Why the server refused a larger request, as it said. */
  refusals: string[];
}

export interface Calibration {
  id: string;
  title: string;
  variants: CalibratedVariant[];
}

/** Sends one request; `undefined` when accepted, else why it was refused. */
export type Probe = (spec: RequestSpec) => Promise<string | undefined>;

/** The largest integer in [low, high] that `accepts`, assuming it accepts `low`. */
async function largest(
  low: number,
  high: number,
  accepts: (value: number) => Promise<boolean> | boolean,
): Promise<number> {
  if (await accepts(high)) {
    return high;
  }
  let ok = low;
  let bad = high;
  while (bad - ok > 1) {
    const middle = Math.floor((ok + bad) / 2);
    if (await accepts(middle)) {
      ok = middle;
    } else {
      bad = middle;
    }
  }
  return ok;
}

/**
 * Finds, for each variant, the largest request the limits allow: each
 * dimension alone (the others at their minimum), first against the exported
 * schema, then against the server (which may apply limits of its own); then
 * all dimensions together, shrunk together while the server refuses them.
 */
export async function calibrate(
  kind: HeavyKind,
  probe: Probe,
): Promise<Calibration> {
  const variants: CalibratedVariant[] = [];
  for (const [variant, name] of kind.variants.entries()) {
    const minimum: Values = Object.fromEntries(
      kind.dimensions.map(d => [d.name, d.min]),
    );
    const values: Values = { ...minimum };
    const boundBy: CalibratedVariant['boundBy'] = {};
    const refusals: string[] = [];
    const serverAccepts = async (candidate: Values) => {
      const refusal = await probe(kind.request(candidate, variant));
      if (refusal !== undefined) {
        refusals.push(refusal);
      }
      return refusal === undefined;
    };
    for (const dimension of kind.dimensions) {
      if (dimension.variants && !dimension.variants.includes(variant)) {
        continue;
      }
      const at = (value: number) => ({ ...minimum, [dimension.name]: value });
      const schemaMax = kind.schemaAccepts
        ? await largest(dimension.min, dimension.ceiling, v =>
            kind.schemaAccepts!(at(v), variant),
          )
        : dimension.ceiling;
      const serverMax = await largest(dimension.min, schemaMax, v =>
        serverAccepts(at(v)),
      );
      values[dimension.name] = serverMax;
      if (serverMax < schemaMax) {
        boundBy[dimension.name] = 'server';
      } else {
        boundBy[dimension.name] =
          schemaMax < dimension.ceiling ? 'schema' : 'none';
      }
    }
    // Together they may still exceed a limit on the whole (a body size).
    const scaled = (share: number): Values =>
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => [
          key,
          Math.max(minimum[key], Math.floor(value * share)),
        ]),
      );
    const share =
      (await largest(1, 100, s => serverAccepts(scaled(s / 100)))) / 100;
    variants.push({
      name,
      values: scaled(share),
      boundBy,
      units: Object.fromEntries(kind.dimensions.map(d => [d.name, d.unit])),
      refusals,
    });
  }
  return { id: kind.id, title: kind.title, variants };
}

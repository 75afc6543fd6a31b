import { compatWrapper } from '@backstage/core-compat-api';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** A system's diagram: its parts, their APIs and dependencies, top to bottom. */
const systemDiagramContent = EntityContentBlueprint.make({
  name: 'system-diagram',
  params: {
    path: '/diagram',
    title: 'Diagram',
    filter: { kind: 'system' },
    loader: () =>
      import('@backstage/plugin-catalog-graph').then(m =>
        compatWrapper(
          <m.EntityCatalogGraphCard
            direction={m.Direction.TOP_BOTTOM}
            title="System Diagram"
            height={700}
            relations={[
              RELATION_PART_OF,
              RELATION_HAS_PART,
              RELATION_API_CONSUMED_BY,
              RELATION_API_PROVIDED_BY,
              RELATION_CONSUMES_API,
              RELATION_PROVIDES_API,
              RELATION_DEPENDENCY_OF,
              RELATION_DEPENDS_ON,
            ]}
            unidirectional={false}
          />,
        ),
      ),
  },
});

/** The portal's own additions to the catalog's entity pages. */
export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [systemDiagramContent],
});

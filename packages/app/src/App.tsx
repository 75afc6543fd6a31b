import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogModule } from './modules/catalog';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

/**
 * The portal on Backstage's new frontend system. The frontend plugins listed
 * in this package's dependencies (the releases plugin among them) are
 * discovered through `app.packages: all` in app-config.yaml; the modules here
 * hold what is the portal's own: sidebar, sign-in page and entity pages.
 */
export default createApp({
  features: [catalogPlugin, navModule, signInModule, catalogModule],
});

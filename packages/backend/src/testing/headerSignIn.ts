import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The provider id, and so its config key `auth.providers.testHeader`. */
export const TEST_HEADER_PROVIDER_ID = 'testHeader';

/** The request header naming the user to sign in, e.g. `x-test-user: alice`. */
export const TEST_USER_HEADER = 'x-test-user';

const USER_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** Backstage's error handler maps errors to statuses by name (401, 403). */
function namedError(
  name: 'AuthenticationError' | 'NotAllowedError',
  message: string,
) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * Signs in the catalog user named in the `x-test-user` header, like an
 * authenticating proxy in front of Backstage would. It trusts the header
 * blindly, so it exists for tests that need several distinct users (e.g. the
 * multi-replica test) and is never part of the portal: only the test entry
 * point `startWithTestSignIn.ts` adds it, and it stays inert unless the config
 * has `auth.providers.testHeader.dangerouslyTrustHeader: true`.
 */
const testHeaderAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userName: string }) => ({
    profile: { displayName: result.userName },
  }),
  initialize({ config }) {
    return {
      enabled: config.getOptionalBoolean('dangerouslyTrustHeader') === true,
    };
  },
  async authenticate({ req }, { enabled }) {
    if (!enabled) {
      throw namedError(
        'NotAllowedError',
        `The ${TEST_HEADER_PROVIDER_ID} provider is for tests only and needs auth.providers.${TEST_HEADER_PROVIDER_ID}.dangerouslyTrustHeader: true`,
      );
    }
    const userName = req.header(TEST_USER_HEADER);
    if (!userName || !USER_NAME.test(userName)) {
      throw namedError(
        'AuthenticationError',
        `${TEST_USER_HEADER}: the name of a catalog user is required`,
      );
    }
    return { result: { userName } };
  },
});

/** Test-only auth module: see {@link testHeaderAuthenticator}. */
export const authModuleTestHeaderProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-header-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ providers, logger }) {
        logger.warn(
          `Test-only sign-in provider "${TEST_HEADER_PROVIDER_ID}" installed: it trusts the ${TEST_USER_HEADER} header`,
        );
        providers.registerProvider({
          providerId: TEST_HEADER_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: testHeaderAuthenticator,
            // Only users of the catalog, with their group memberships.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: { kind: 'user', name: result.userName },
              }),
          }),
        });
      },
    });
  },
});

/*
 * The portal's backend plus a test-only sign-in provider that signs in the
 * catalog user named in a request header (see `headerSignIn.ts`), so that
 * tests can act as several distinct people. Used by the multi-replica test
 * (`npm run test:replicas`); never by the portal itself.
 */
import { createPortalBackend } from '../backend';
import { authModuleTestHeaderProvider } from './headerSignIn';

const backend = createPortalBackend();
backend.add(authModuleTestHeaderProvider);
backend.start();

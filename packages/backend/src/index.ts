/*
 * Starts the portal's backend; its features are listed in `backend.ts`.
 */
import { createPortalBackend } from './backend';

createPortalBackend().start();

import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

function isUser(credentials: BackstageCredentials): boolean {
  return (credentials.principal as { type: string }).type === 'user';
}

/** Who did it: a user ref, or the subject of a service or static token. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string };
  return principal.type === 'user'
    ? principal.userEntityRef
    : principal.subject;
}

/**
 * Catalog reads happen as the caller when it is a user, so that catalog
 * permissions apply; pipelines' tokens are usually restricted to this
 * plugin, so their catalog look-ups are made as the releases plugin.
 */
export async function catalogCredentialsFor(
  auth: AuthService,
  credentials: BackstageCredentials,
): Promise<BackstageCredentials> {
  return isUser(credentials) ? credentials : auth.getOwnServiceCredentials();
}

/** The signed-in user's ref, or undefined for service and static tokens. */
export function userRefOf(
  credentials: BackstageCredentials,
): string | undefined {
  return isUser(credentials)
    ? (credentials.principal as { userEntityRef: string }).userEntityRef
    : undefined;
}

import { ScopeOptions } from '../../api/ReleasesApi';

/** The scope filters the `.ics` feed understands, in a stable order. */
const SCOPE_KEYS: (keyof ScopeOptions)[] = ['entityRef', 'system', 'owner'];

/**
 * The feed URL the backend handed out (`…/calendar.ics?token=…`) narrowed to
 * a scope; the token stays last so people recognise the secret part.
 */
export function scopedFeedUrl(url: string, scope: ScopeOptions = {}): string {
  const [base, query = ''] = url.split('?', 2);
  const original = new URLSearchParams(query);
  const params = new URLSearchParams();
  for (const key of SCOPE_KEYS) {
    const value = scope[key];
    if (value) {
      params.set(key, value);
    }
  }
  original.forEach((value, key) => {
    if (!params.has(key)) {
      params.append(key, value);
    }
  });
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** Security requirements -> the runtime's SecuritySpec descriptors. */
import type { Api, SecurityRequirement } from '../ir/types.js';
import { runtimeRef, type LiteralValue } from './literal-writer.js';
import { PLAIN_SERIALIZERS } from './runtime-symbols.js';

/** A scheme as the runtime applies it: a bearer token, basic credentials, or an API key in its place. */
export type AppliedScheme =
  | { readonly type: 'bearer' }
  | { readonly type: 'basic' }
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string };

/**
 * The alternatives of a set of requirements the runtime can meet, each the schemes it needs together; an
 * alternative with a scheme it cannot apply (mutual TLS, an unknown key) is left out.
 */
export function securityAlternatives(api: Api, requirements: SecurityRequirement[]): AppliedScheme[][] {
  const out: AppliedScheme[][] = [];
  for (const requirement of requirements) {
    const alternative: AppliedScheme[] = [];
    let usable = true;
    for (const key of requirement.schemes) {
      const scheme = api.securitySchemes.find((s) => s.key === key);
      if (!scheme) usable = false;
      else if (scheme.type === 'http' && scheme.scheme === 'basic') alternative.push({ type: 'basic' });
      else if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect')
        alternative.push({ type: 'bearer' });
      else if (scheme.type === 'apiKey' && scheme.in && scheme.paramName)
        alternative.push({ type: 'apiKey', in: scheme.in, name: scheme.paramName });
      else usable = false;
    }
    if (usable) out.push(alternative);
  }
  return out;
}

/** A descriptor's `security`: the runtime's `bearerAuth` and `basicAuth`, or an API key's place, name and serializer. */
export function securitySpec(api: Api, requirements: SecurityRequirement[]): LiteralValue[] {
  return securityAlternatives(api, requirements).map((alternative) =>
    alternative.map((scheme) => {
      if (scheme.type === 'bearer') return runtimeRef('http', 'bearerAuth');
      if (scheme.type === 'basic') return runtimeRef('http', 'basicAuth');
      // An API key goes on the wire as a plain parameter of its place would.
      const serialize = runtimeRef('encode', PLAIN_SERIALIZERS[scheme.in]);
      return { type: 'apiKey', in: scheme.in, name: scheme.name, serialize };
    }),
  );
}

/** Which credentials a channel's handshake accepts. */
export function channelCredentials(api: Api, requirements: SecurityRequirement[]): ('bearer' | 'apiKey')[] {
  const kinds = new Set<'bearer' | 'apiKey'>();
  for (const alternative of securityAlternatives(api, requirements))
    for (const scheme of alternative) kinds.add(scheme.type === 'apiKey' ? 'apiKey' : 'bearer');
  return [...kinds].sort();
}

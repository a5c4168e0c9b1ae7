/** Security requirements -> the runtime's SecuritySpec descriptors. */
import type { Api, SecurityRequirement } from '../ir/types.js';
import type { LiteralValue } from './literal-writer.js';

export function securitySpec(api: Api, requirements: SecurityRequirement[]): LiteralValue[] {
  const out: LiteralValue[] = [];
  for (const requirement of requirements) {
    const alternative: LiteralValue[] = [];
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

/** Which credentials a channel's handshake accepts. */
export function channelCredentials(api: Api, requirements: SecurityRequirement[]): ('bearer' | 'apiKey')[] {
  const kinds = new Set<'bearer' | 'apiKey'>();
  for (const alternative of securitySpec(api, requirements) as { type: string }[][]) {
    for (const scheme of alternative) kinds.add(scheme.type === 'apiKey' ? 'apiKey' : 'bearer');
  }
  return [...kinds].sort();
}

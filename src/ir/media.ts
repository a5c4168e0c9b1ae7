/** Which response and which media type an operation's result comes from: shared by the emitters and the surface. */
import { compareCodeUnits } from '../compare.js';
import type { MediaContent, Operation, Response } from './types.js';

const JSON_MEDIA = /^application\/(.+\+)?json$|\/json$|\+json$/;

export function mediaBase(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

export function isJsonMedia(mediaType: string): boolean {
  return JSON_MEDIA.test(mediaBase(mediaType));
}

export function successResponse(op: Operation): Response | undefined {
  const ok = op.responses.filter((r) => /^2\d\d$/.test(r.status)).sort((a, b) => compareCodeUnits(a.status, b.status));
  return (
    ok.find((r) => r.contents.length > 0) ??
    ok[0] ??
    op.responses.find((r) => r.status === '2XX' || r.status === 'default')
  );
}

export function preferredContent(response: Response | undefined): MediaContent | undefined {
  if (!response) return undefined;
  return response.contents.find((c) => isJsonMedia(c.mediaType)) ?? response.contents[0];
}

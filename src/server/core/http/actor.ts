import type { FastifyRequest } from 'fastify';
import type { Actor } from '../access/index.ts';
import { AppError } from '../errors.ts';

/**
 * The caller of a signed-in route. The auth hook has already answered 401 on every route whose
 * access is not 'public', so the throw is only reached by a public route asking for a caller.
 */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 401);
  return request.actor;
}

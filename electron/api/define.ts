import type { z } from 'zod';

/**
 * One API method: the zod schema its input must pass (checked by every bridge where the call
 * enters) and, as a phantom type, what it returns.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Phantom: never set at run time, only carries the result type. */
  readonly __output?: O;
}

/** `method<Result>()(inputSchema)` — declares a method with its result type. */
export const method =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });

export type AnyContract = Record<string, MethodSpec>;
export type InputOf<S> = S extends MethodSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<S> = S extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type OutputOf<S> = S extends MethodSpec<z.ZodType, infer O> ? O : never;

/** Where a call went wrong, in words a user can act on. Crosses every bridge unchanged. */
export interface ApiErrorBody {
  code: 'invalid_input' | 'not_found' | 'refused' | 'conflict' | 'internal' | 'unauthorized';
  message: string;
  /** For invalid input: each problem and where it is. */
  issues?: { where: string; message: string }[];
}

export class ApiError extends Error {
  readonly body: ApiErrorBody;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.body = body;
  }
}

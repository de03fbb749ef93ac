import { ReportSubjectError } from '../../fields/reports/report-data.js';
import { InputError } from '../../mission/dose/input-error.js';
import { FieldFileError } from '../../mission/field/types.js';
import { PlanParamsError } from '../../mission/plan/params.js';
import { ApiError } from '../api/define.js';

/**
 * The one place where an error thrown by a handler (or by the layers below it) becomes the
 * `ApiError` every bridge sends: bad input keeps each issue with where it is; "no such thing"
 * becomes not_found; anything else is internal.
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof FieldFileError)
    return new ApiError({ code: 'invalid_input', message: e.message, issues: e.issues });
  if (e instanceof InputError) {
    return new ApiError({
      code: 'invalid_input',
      message: e.message,
      issues: e.issues.map((i) => ({ where: i.where, message: i.message })),
    });
  }
  if (e instanceof PlanParamsError) {
    return new ApiError({
      code: 'invalid_input',
      message: e.message,
      issues: [{ where: `params.${e.param}`, message: e.message }],
    });
  }
  if (e instanceof ReportSubjectError) return new ApiError({ code: 'not_found', message: e.message });
  const message = (e as Error)?.message ?? String(e);
  if (/^no (job|record|flight|plan)\b/.test(message)) return new ApiError({ code: 'not_found', message });
  return new ApiError({ code: 'internal', message });
}

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../electron/api/define.js';
import { toApiError } from '../../electron/service/api-errors.js';
import { ReportSubjectError } from '../../fields/reports/report-data.js';
import { InputError } from '../../mission/dose/input-error.js';
import { FieldFileError } from '../../mission/field/types.js';
import { PlanParamsError } from '../../mission/plan/params.js';

/** Every layer's errors reach the window as one ApiError shape, with where the input was wrong. */
describe('toApiError', () => {
  it('keeps every issue of bad input, with where it is', () => {
    expect(
      toApiError(new FieldFileError([{ where: 'feature 1, ring 0', message: 'self-intersection' }])).body,
    ).toMatchObject({
      code: 'invalid_input',
      issues: [{ where: 'feature 1, ring 0', message: 'self-intersection' }],
    });
    expect(
      toApiError(new InputError([{ where: 'products[0].ratePerHa', message: 'above the label' }], 'tank mix'))
        .body,
    ).toMatchObject({
      code: 'invalid_input',
      issues: [{ where: 'products[0].ratePerHa' }],
    });
    expect(toApiError(new PlanParamsError('swathM', 'must be greater than 0 m, got 0')).body).toMatchObject({
      code: 'invalid_input',
      issues: [{ where: 'params.swathM' }],
    });
  });

  it('maps missing things to not_found and keeps ApiErrors as they are', () => {
    expect(toApiError(new ReportSubjectError('no job, flight or record x')).body.code).toBe('not_found');
    expect(toApiError(new Error('no record rec-1')).body.code).toBe('not_found');
    const own = new ApiError({ code: 'refused', message: 'no drone connected' });
    expect(toApiError(own)).toBe(own);
    expect(toApiError(new Error('disk full')).body).toEqual({ code: 'internal', message: 'disk full' });
  });
});

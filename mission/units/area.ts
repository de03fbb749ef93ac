/** 1 sào Bắc Bộ = 360 m² (the default); Trung Bộ ≈ 500 m². */
export const SAO_BAC_BO_M2 = 360;
export const SAO_TRUNG_BO_M2 = 500;
export const M2_PER_HA = 10_000;

export const m2ToHa = (m2: number): number => m2 / M2_PER_HA;
export const m2ToSao = (m2: number, saoM2: number = SAO_BAC_BO_M2): number => m2 / saoM2;

/**
 * An area in the three units a Vietnamese cooperative uses, e.g. "0.068 ha · 1.9 sào · 682 m²".
 * `locale` picks the decimal separator (vi uses a comma).
 */
export function formatArea(m2: number, saoM2: number = SAO_BAC_BO_M2, locale = 'en'): string {
  const nf = (v: number, digits: number) =>
    v.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const ha = m2ToHa(m2);
  const haDigits = ha < 0.1 ? 4 : ha < 10 ? 3 : 2;
  return `${nf(ha, haDigits)} ha · ${nf(m2ToSao(m2, saoM2), 1)} sào · ${nf(Math.round(m2), 0)} m²`;
}

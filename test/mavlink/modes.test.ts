import { describe, expect, it } from 'vitest';
import { modeCommandParams, modeName } from '../../mavlink/modes.js';

describe('flight modes', () => {
  it('maps ArduPilot Copter modes both ways', () => {
    expect(modeCommandParams('ardupilot', 'auto')).toEqual([3, 0]);
    expect(modeCommandParams('ardupilot', 'RTL')).toEqual([6, 0]);
    expect(modeName('ardupilot', 5)).toBe('LOITER');
    expect(modeName('ardupilot', 99)).toBe('MODE(99)');
  });

  it("maps PX4 modes (main << 16 | sub << 24) and the app's common names", () => {
    expect(modeCommandParams('px4', 'AUTO')).toEqual([4, 4]);
    expect(modeCommandParams('px4', 'rtl')).toEqual([4, 5]);
    expect(modeCommandParams('px4', 'LOITER')).toEqual([4, 3]);
    expect(modeCommandParams('px4', 'POSCTL')).toEqual([3, 0]);
    expect(modeName('px4', (4 << 16) | (4 << 24))).toBe('AUTO.MISSION');
    expect(modeName('px4', (4 << 16) | (5 << 24))).toBe('AUTO.RTL');
    expect(modeName('px4', 3 << 16)).toBe('POSCTL');
  });

  it('names unknown modes in the error', () => {
    expect(() => modeCommandParams('px4', 'GUIDED')).toThrow(/unknown PX4 mode "GUIDED"/);
    expect(() => modeCommandParams('ardupilot', 'MISSION')).toThrow(
      /unknown ArduPilot Copter mode "MISSION"/,
    );
  });
});

import type { Command } from 'commander';

/** CLI commands of this area. */
export function register(_program: Command): void {}

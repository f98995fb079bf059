/** The protocol core: one import for the rtc/ui layers. */

export * from './encoding';
export * from './room';
export * from './link';
export * from './messages';
export * from './envelope';
export * from './admission';
export * from './machine';
export * from './sender';
export * from './viewer';

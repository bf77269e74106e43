// signalsmith-stretch ships no types; the benchmark reaches its processor through the worklet
// globals (see engines/signalsmith.ts) and only needs the import to run.
declare module 'signalsmith-stretch';

/**
 * The few web-platform types the processor uses, declared here because the processor is
 * type-checked without the DOM library (so a GUI import fails to compile in this layer).
 * Excluded from the root tsconfig, where the DOM lib provides them.
 */
interface MessagePort {
  postMessage(message: unknown, transfer?: unknown[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}
interface MessageEvent<T = any> {
  readonly data: T;
}

/** The subset of the WebAssembly JS API the processor uses (no DOM lib here). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBuffer | ArrayBufferView);
    static imports(module: Module): { module: string; name: string; kind: string }[];
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}

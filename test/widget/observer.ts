// A stand-in for IntersectionObserver (happy-dom has no layout, so the real one never fires).
// `FakeObserver.near` says whether a newly observed element is already within reach of the screen.
export class FakeObserver {
  static all: FakeObserver[] = [];
  static near = true;
  readonly targets = new Set<Element>();
  disconnected = false;
  readonly callback: IntersectionObserverCallback;
  readonly options: IntersectionObserverInit;

  constructor(callback: IntersectionObserverCallback, options: IntersectionObserverInit = {}) {
    this.callback = callback;
    this.options = options;
    FakeObserver.all.push(this);
  }

  observe(target: Element): void {
    this.targets.add(target);
    if (FakeObserver.near) queueMicrotask(() => this.scrollNear(target));
  }

  unobserve(target: Element): void {
    this.targets.delete(target);
  }

  disconnect(): void {
    this.disconnected = true;
    this.targets.clear();
  }

  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }

  /** The reader scrolled `target` within the observer's margin. */
  scrollNear(target: Element): void {
    if (!this.targets.has(target)) return;
    const entry = { target, isIntersecting: true } as IntersectionObserverEntry;
    this.callback([entry], this as unknown as IntersectionObserver);
  }

  static reset(): void {
    FakeObserver.all = [];
    FakeObserver.near = true;
  }
}

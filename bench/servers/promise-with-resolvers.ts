// PostGraphile 5 declares Node >= 22 and calls Promise.withResolvers (Node 22+); this project runs
// on Node 20, so the bench server defines it first. Nothing else of PostGraphile's needed more.
interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const PromiseWith = Promise as PromiseConstructor & { withResolvers?: <T>() => Deferred<T> };
if (!PromiseWith.withResolvers) {
  PromiseWith.withResolvers = <T>(): Deferred<T> => {
    let resolve!: Deferred<T>['resolve'];
    let reject!: Deferred<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

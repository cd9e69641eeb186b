/** Runs tasks with the same key one after another: in this process, or across replicas (Redis). */
export interface Lock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

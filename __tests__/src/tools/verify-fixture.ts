/** The kubectl call verify makes for one context, and a helper to repeat it, for verify*.test.ts. */

/** The call the Istio docs make, for one context, in namespace `sample`. */
export function call(context: string): string[] {
  return ['kubectl', 'exec', `--context=${context}`, '-n', 'sample', '-c', 'sleep', 'deploy/sleep', '--', 'curl', '-sS', 'helloworld.sample:5000/hello'];
}

export const times = <T>(count: number, item: T): T[] => Array.from({ length: count }, () => item);

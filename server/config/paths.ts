/** ['forms', 'demo', 'routes', 2, 'to'] → "forms.demo.routes[2].to" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

export type Problem = { path: string; message: string };

export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}

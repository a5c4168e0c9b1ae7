// The "edit one operation, then regenerate" scenario: the same small change a user makes to a spec (one
// operation's summary reworded and a query parameter added to it), on a YAML and on a JSON spec.

/** Golem's YAML spec: getComponentByName gets a new summary and an optional query parameter. */
export function editGolem(text) {
  const summary = 'summary: Get a component in the environment by name';
  const param =
    '        - name: component_name\n          in: path\n          required: true\n          schema:\n            type: string\n';
  const added = '        - name: include-deleted\n          in: query\n          schema:\n            type: boolean\n';
  if (!text.includes(summary) || !text.includes(param))
    throw new Error('the Golem spec no longer has the operation this benchmark edits');
  return text
    .replace(summary, 'summary: Get one component of the environment by its name')
    .replace(param, param + added);
}

/** GitHub's JSON spec: `issues/list-for-repo` gets a new summary and an optional query parameter. */
export function editGithub(spec) {
  const op = spec.paths['/repos/{owner}/{repo}/issues']?.get;
  if (!op) throw new Error('the GitHub spec no longer has GET /repos/{owner}/{repo}/issues');
  op.summary = `${op.summary} (edited)`;
  op.parameters = [...op.parameters, { name: 'include-deleted', in: 'query', schema: { type: 'boolean' } }];
  return spec;
}

/** The same edit on the spec's JSON text, written back as an editor would (two-space indents). */
export function editGithubText(text) {
  return JSON.stringify(editGithub(JSON.parse(text)), null, 2);
}

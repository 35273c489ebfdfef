import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

// Per parsed document (Apollo caches documents, so a repeated query is the same object), per field node: the
// names of the fields selected beside it, found once.
const siblingsOf = new WeakMap<FieldNode, Set<string>>();

function index(selectionSet: SelectionSetNode): void {
  const names = new Set<string>();
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      fields.push(selection);
      // A field that may be skipped is not counted on: only what surely runs makes a sibling.
      if (!selection.directives?.length) names.add(selection.name.value);
    }
    if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) index(selection.selectionSet);
  }
  for (const field of fields) siblingsOf.set(field, names);
}

/**
 * Whether the selection set that asks for this field also asks for the field `name` of the same object, written
 * next to it (not through another fragment) and without @skip or @include. Lets a field reuse a batch a sibling
 * loads anyway instead of sending a statement of its own.
 */
export function selectedBeside(info: GraphQLResolveInfo, name: string): boolean {
  const node = info.fieldNodes[0];
  if (!siblingsOf.has(node)) {
    index(info.operation.selectionSet);
    for (const fragment of Object.values(info.fragments)) index(fragment.selectionSet);
  }
  return siblingsOf.get(node)?.has(name) ?? false;
}

// Per parsed document, per connection field node: the fields its query asks of each node, found once.
const nodeFieldsOf = new WeakMap<FieldNode, Set<string>>();

function directFields(selectionSet: SelectionSetNode | undefined): FieldNode[] {
  return (selectionSet?.selections ?? []).filter(
    (s): s is FieldNode => s.kind === Kind.FIELD && !s.directives?.length,
  );
}

/**
 * The fields that a connection field's query asks of every node, through `nodes { … }` or `edges { node { … } }`,
 * written there (not through fragments) and without @skip or @include. Lets a list read ahead, with its rows, what
 * the fields below them would each load; what is not found here is loaded by those fields as usual.
 */
export function selectedOfNodes(info: GraphQLResolveInfo): ReadonlySet<string> {
  const field = info.fieldNodes[0];
  let names = nodeFieldsOf.get(field);
  if (!names) {
    const found = new Set<string>();
    const add = (selectionSet: SelectionSetNode | undefined) => {
      for (const f of directFields(selectionSet)) found.add(f.name.value);
    };
    for (const child of directFields(field.selectionSet)) {
      if (child.name.value === 'nodes') add(child.selectionSet);
      if (child.name.value !== 'edges') continue;
      for (const edge of directFields(child.selectionSet))
        if (edge.name.value === 'node') add(edge.selectionSet);
    }
    nodeFieldsOf.set(field, (names = found));
  }
  return names;
}

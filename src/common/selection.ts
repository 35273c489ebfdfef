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

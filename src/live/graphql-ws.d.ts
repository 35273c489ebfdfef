// graphql-ws publishes `graphql-ws/use/ws` through package exports only, which this project's `moduleResolution:
// node` does not read for types (Node itself resolves it at run time); the declarations are the package's own.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}

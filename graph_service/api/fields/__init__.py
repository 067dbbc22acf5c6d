"""The root fields of the GraphQL schema, one module per area."""

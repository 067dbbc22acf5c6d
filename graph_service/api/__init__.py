"""The HTTP and GraphQL layer: FastAPI app, Strawberry schema, resolvers and loaders."""

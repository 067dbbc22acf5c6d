"""The answers shown under the GraphQL examples of the README and docs/, computed from the
demo data: `make docs` rewrites them, and the test suite fails while they differ."""

"""The analyst workbench: HTML pages at /workbench over the GraphQL API, for the same roles."""

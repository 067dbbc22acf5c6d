"""The service as `graph-service serve` runs it, except that every caller sees everything.

Used by bench/api.py so that restricted reviews and IMR assessments count in every figure.
"""

import argparse

import uvicorn

from graph_service.api.app import create_app
from graph_service.config import load_settings
from graph_service.domain.visibility import EVERYTHING


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    app = create_app(load_settings(), visibility=EVERYTHING)
    uvicorn.run(app, host="127.0.0.1", port=arguments.port, log_level="warning")


if __name__ == "__main__":
    main()

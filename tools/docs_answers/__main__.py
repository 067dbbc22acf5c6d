"""Rewrite the answers shown under the GraphQL examples of the README and docs/ from the demo
data (`make docs`). Running it again changes nothing until the code or the data change.

    .venv/bin/python -m tools.docs_answers
"""

import asyncio
import sys
import tempfile
from pathlib import Path

from graph_service.store.catalogue import StatementCatalogue
from graph_service.store.embedded import EmbeddedStore
from tools.docs_answers.demo_graph import DemoApi, ExampleError, load_demo
from tools.docs_answers.examples import REPO, documented_pages, examples_in, with_answers
from tools.docs_answers.excerpt import render


async def rewrite_answers(workdir: Path) -> list[Path]:
    """Rewrite every page whose shown answers differ from the demo's; return those pages."""
    store = await EmbeddedStore.open(
        StatementCatalogue.load("falkordb"), workdir, graph_name="docs", timeout_ms=120_000
    )
    changed = []
    try:
        await load_demo(store, workdir)
        async with DemoApi.over(store) as api:
            for page in documented_pages():
                answers = {}
                for example in examples_in(page):
                    data = await api.answer(example)  # run even when no answer is shown
                    if example.answer is not None:
                        answers[example.line] = render(data)
                text = with_answers(page, answers)
                if text != page.read_text(encoding="utf-8"):
                    page.write_text(text, encoding="utf-8")
                    changed.append(page)
    finally:
        await store.close()
    return changed


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="docs-answers-") as workdir:
        try:
            changed = asyncio.run(rewrite_answers(Path(workdir)))
        except ExampleError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    for page in changed:
        print(f"rewrote the answers in {page.relative_to(REPO)}")
    if not changed:
        print("every answer shown is the demo's already")
    return 0


if __name__ == "__main__":
    sys.exit(main())

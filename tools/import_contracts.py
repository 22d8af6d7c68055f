"""A contract type for import-linter (run by `make lint`): views reach other apps only through
the modules those apps offer for it.

The built-in "forbidden" contract cannot say "another app's forms" without also forbidding the
app's own, so this one reads `ecfhub.<app>.views…` modules and checks each direct import of
another app (`ecfhub.<other>.<module>`) against `allowed` (fnmatch patterns of "<other>.<module>",
for example "*.services"). Configured in pyproject.toml ([tool.importlinter]).
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class CrossAppViewsContract(Contract):
    type_name = "cross_app_views"

    package = fields.StringField()
    allowed = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        package = str(self.package)
        allowed = [str(pattern) for pattern in self.allowed]  # type: ignore[attr-defined]
        ignored = {tuple(part.strip() for part in str(line).split("->")) for line in self.ignore_imports}  # type: ignore[attr-defined]
        broken: list[dict[str, Any]] = []
        used_ignores: set[tuple[str, ...]] = set()
        for importer in sorted(graph.modules):
            parts = importer.split(".")
            if len(parts) < 3 or parts[0] != package or parts[2] != "views":
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = imported.split(".")
                if len(target) < 2 or target[0] != package or target[1] == parts[1]:
                    continue
                name = ".".join(target[1:3])
                if any(fnmatch(name, pattern) for pattern in allowed):
                    continue
                if (importer, imported) in ignored:
                    used_ignores.add((importer, imported))
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                broken.append(
                    {"importer": importer, "imported": imported, "lines": sorted(d["line_number"] for d in details)}
                )
        warnings = [f"Unused ignore_imports entry: {' -> '.join(entry)}" for entry in sorted(ignored - used_ignores)]
        return ContractCheck(kept=not broken and not warnings, metadata={"broken": broken}, warnings=warnings)

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            lines = ", ".join(f"l.{line}" for line in item["lines"])
            output.print_error(f"{item['importer']} is not allowed to import {item['imported']} ({lines})")
        for warning in check.warnings:
            output.print_error(warning)
        output.new_line()

"""The demo hub made by `manage.py seed_demo`: one module per part, run in order by the command.

Every part takes the same DemoContext, draws only from its seeded random
generator and dates relative to `ctx.today`, so the same `--today` always
gives the same hub."""

"""meshfleet as a Pulumi package for every language: a source-based plugin package.

`PulumiPlugin.yaml` and `__main__.py` in this folder make it one: `pulumi package add
<path or git URL>/components/package` runs the provider (`provider.py`), asks it for its
schema and generates an SDK in the consumer's language. The components it serves
(`resources.py`) are meshfleet's own, with args (`args.py`) converted into the validated
spec (`convert.py`). `schema.json` is the committed schema (`meshfleet schema package`).
"""

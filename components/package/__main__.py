"""Entry point of the meshfleet plugin: the Pulumi CLI's Python language host runs this file
(PulumiPlugin.yaml beside it) and talks to the provider it serves over gRPC."""

from components.package.provider import serve

if __name__ == "__main__":
    serve()

"""KI@KULTUR workbench: AI help for neighbourhood-culture organisations, local first."""

__version__ = "0.1.0"

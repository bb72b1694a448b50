"""VillageDesk (村级便民代办台): offline-first case desk for village service agents."""

__version__ = "0.2.0"
APP_ID = "VillageDesk"
APP_NAME = "村级便民代办台"

// The engine's verdicts, severities, policies and table names are the project's shared
// vocabulary (GongkaiCore): whoever speaks to the engine speaks it too.
@_exported import GongkaiCore

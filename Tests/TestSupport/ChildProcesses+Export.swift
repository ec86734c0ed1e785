/// Tests reach the one process runner (`ChildProcess`) and the one bounded wait (`waitUntil`)
/// through TestSupport, as before they moved into a library `herald check` uses too.
@_exported import ChildProcesses

// The AF_UNIX datagram listener (notify and journal sockets) is shared with the daemon's
// integration tests, which listen on a NOTIFY_SOCKET too.
@_exported import GongkaiTestSupport

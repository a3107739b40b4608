using System.Net.Sockets;

namespace HvDsl.Runtime.Services;

/// <summary>Short lower-case words for the socket errors users meet, for one-line messages and logs.</summary>
internal static class SocketErrors
{
    public static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AddressNotAvailable => "address not available on this machine",
        SocketError.AccessDenied => "permission denied",
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset or SocketError.Shutdown => "reset",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.TimedOut => "timed out",
        _ => e.Message,
    };
}

using System;

namespace HvDsl.Runtime.Services;

/// <summary>
/// The host cannot start, with a one-line message fit for a terminal, e.g.
/// <c>cannot listen on 127.0.0.1:12345: address already in use</c>.
/// </summary>
public sealed class ServiceHostException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The one-line message.</param>
    /// <param name="innerException">The socket error behind it.</param>
    public ServiceHostException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
